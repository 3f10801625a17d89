import {
  Navigate,
  UNSAFE_createBrowserHistory as createBrowserHistory,
  UNSAFE_createRouter as createRouter,
  UNSAFE_hydrationRouteProperties as hydrationRouteProperties,
  UNSAFE_mapRouteProperties as mapRouteProperties,
  type DataRouter,
} from 'react-router';
import { assetRoutes } from '../features/assets/routes';
import { communityRoutes } from '../features/communities/routes';
import { practiceRoutes } from '../features/practice/routes';
import { teamPrintRoutes, teamRoutes } from '../features/teams/routes';
import { libraryPrintRoutes, libraryRoutes } from '../features/library/routes';
import { settingsRoutes } from '../features/settings/routes';
import { workshopPrintRoutes, workshopRoutes } from '../features/workshops/routes';
import { Layout } from './layout';
import { NotFoundScreen } from './not-found-screen';
import { RouteError, ScreenError } from './route-error';

/**
 * The app's router, made but not yet started: `initialize()` starts it (it reads the address and
 * asks for the screen's code). This is what createBrowserRouter does in one go, in two steps: on a
 * slow phone, both in one task were one of the start's longest (traced at 4× CPU: ~95 ms, half of
 * it working out the routes, a third starting on the first), so the start runs them a task apart.
 */
export function createAppRouter(): DataRouter {
  return createRouter({
    history: createBrowserHistory(),
    mapRouteProperties,
    hydrationRouteProperties,
    routes: [
      {
        path: '/print',
        errorElement: <RouteError />,
        children: [...libraryPrintRoutes, ...workshopPrintRoutes, ...teamPrintRoutes].map((route) => ({ ...route, path: route.path!.replace(/^print\//, '') })),
      },
      {
        path: '/',
        element: <Layout />,
        errorElement: <RouteError />,
        children: [
          {
            // A screen that fails shows its error inside the frame: the bottom navigation stays.
            errorElement: <ScreenError />,
            children: [
              { index: true, element: <Navigate to="/library" replace /> },
              ...libraryRoutes,
              ...assetRoutes,
              ...workshopRoutes,
              ...practiceRoutes,
              ...teamRoutes,
              ...settingsRoutes,
              ...communityRoutes,
              { path: '*', element: <NotFoundScreen /> },
            ],
          },
        ],
      },
    ],
  });
}
