import type { RouteObject } from 'react-router';

export const assetRoutes: RouteObject[] = [
  { path: 'assets', lazy: async () => ({ Component: (await import('./asset-list-screen')).AssetListScreen }) },
  { path: 'assets/map', lazy: async () => ({ Component: (await import('./map/asset-map-screen')).AssetMapScreen }) },
  { path: 'assets/summary', lazy: async () => ({ Component: (await import('./summary/asset-summary-screen')).AssetSummaryScreen }) },
  { path: 'assets/new', lazy: async () => ({ Component: (await import('./asset-form-screen')).AssetFormScreen }) },
  { path: 'assets/:id', lazy: async () => ({ Component: (await import('./asset-form-screen')).AssetFormScreen }) },
];
