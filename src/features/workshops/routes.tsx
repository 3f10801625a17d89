import type { RouteObject } from 'react-router';
import { lazyScreen } from '../../ui/lazy-screen';

export const workshopRoutes: RouteObject[] = [
  {
    path: 'workshops',
    lazy: lazyScreen(
      () => import('./workshops-screen'),
      (screen) => screen.WorkshopsScreen,
    ),
  },
  {
    path: 'workshops/new',
    lazy: lazyScreen(
      () => import('./workshop-form-screen'),
      (screen) => screen.WorkshopFormScreen,
    ),
  },
  {
    path: 'workshops/actions',
    lazy: lazyScreen(
      () => import('./actions-screen'),
      (screen) => screen.ActionsScreen,
    ),
  },
  {
    path: 'workshops/insight',
    lazy: lazyScreen(
      () => import('./insight-screen'),
      (screen) => screen.InsightScreen,
    ),
  },
  {
    path: 'workshops/:id',
    lazy: lazyScreen(
      () => import('./workshop-screen'),
      (screen) => screen.WorkshopScreen,
    ),
  },
  {
    path: 'workshops/:id/edit',
    lazy: lazyScreen(
      () => import('./workshop-form-screen'),
      (screen) => screen.WorkshopFormScreen,
    ),
  },
];

/** Pages printed on paper: no navigation bar around them. */
export const workshopPrintRoutes: RouteObject[] = [
  {
    path: 'print/workshop/:id',
    lazy: lazyScreen(
      () => import('./print-screen'),
      (screen) => screen.WorkshopPrintScreen,
    ),
  },
];
