import type { RouteObject } from 'react-router';
import { lazyScreen } from '../../ui/lazy-screen';

export const communityRoutes: RouteObject[] = [
  {
    path: 'welcome',
    lazy: lazyScreen(
      () => import('./welcome-screen'),
      (screen) => screen.WelcomeScreen,
    ),
  },
  {
    path: 'communities',
    lazy: lazyScreen(
      () => import('./communities-screen'),
      (screen) => screen.CommunitiesScreen,
    ),
  },
];
