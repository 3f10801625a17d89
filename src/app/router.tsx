import { createBrowserRouter, Navigate } from 'react-router';
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

export function createAppRouter() {
  return createBrowserRouter([
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
  ]);
}
