import type { RouteObject } from 'react-router';
import { lazyScreen } from '../../ui/lazy-screen';

export const assetRoutes: RouteObject[] = [
  {
    path: 'assets',
    lazy: lazyScreen(
      () => import('./asset-list-screen'),
      (screen) => screen.AssetListScreen,
    ),
  },
  {
    path: 'assets/map',
    lazy: lazyScreen(
      () => import('./map/asset-map-screen'),
      (screen) => screen.AssetMapScreen,
    ),
  },
  {
    path: 'assets/summary',
    lazy: lazyScreen(
      () => import('./summary/asset-summary-screen'),
      (screen) => screen.AssetSummaryScreen,
    ),
  },
  {
    path: 'assets/new',
    lazy: lazyScreen(
      () => import('./asset-form-screen'),
      (screen) => screen.AssetFormScreen,
    ),
  },
  {
    path: 'assets/:id',
    lazy: lazyScreen(
      () => import('./asset-form-screen'),
      (screen) => screen.AssetFormScreen,
    ),
  },
];
