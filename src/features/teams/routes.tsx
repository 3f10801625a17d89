import type { RouteObject } from 'react-router';
import { lazyScreen } from '../../ui/lazy-screen';

export const teamRoutes: RouteObject[] = [
  {
    path: 'teams',
    lazy: lazyScreen(
      () => import('./teams-screen'),
      (screen) => screen.TeamsScreen,
    ),
  },
  {
    path: 'teams/new',
    lazy: lazyScreen(
      () => import('./team-form-screen'),
      (screen) => screen.TeamFormScreen,
    ),
  },
  {
    path: 'teams/:id',
    lazy: lazyScreen(
      () => import('./team-screen'),
      (screen) => screen.TeamScreen,
    ),
  },
  {
    path: 'teams/:id/edit',
    lazy: lazyScreen(
      () => import('./team-form-screen'),
      (screen) => screen.TeamFormScreen,
    ),
  },
  {
    path: 'teams/:id/plan',
    lazy: lazyScreen(
      () => import('./plan-screen'),
      (screen) => screen.PlanScreen,
    ),
  },
  {
    path: 'teams/:id/report',
    lazy: lazyScreen(
      () => import('./report-screen'),
      (screen) => screen.ReportScreen,
    ),
  },
  {
    path: 'teams/:id/rounds/:number',
    lazy: lazyScreen(
      () => import('./round-screen'),
      (screen) => screen.RoundScreen,
    ),
  },
];

/** A team's pages printed on paper: no navigation bar around them. */
export const teamPrintRoutes: RouteObject[] = ['print/team/:id/plan', 'print/team/:id/progress', 'print/team/:id/rounds/:number'].map((path) => ({
  path,
  lazy: lazyScreen(
    () => import('./team-print-screen'),
    (screen) => screen.TeamPrintScreen,
  ),
}));
