import type { RouteObject } from 'react-router';
import { lazyScreen } from '../../ui/lazy-screen';

export const libraryRoutes: RouteObject[] = [
  {
    path: 'library',
    lazy: lazyScreen(
      () => import('./library-screen'),
      (screen) => screen.LibraryScreen,
    ),
  },
  {
    path: 'library/new',
    lazy: lazyScreen(
      () => import('./case-study-form-screen'),
      (screen) => screen.CaseStudyFormScreen,
    ),
  },
  {
    path: 'library/:id',
    lazy: lazyScreen(
      () => import('./case-study-screen'),
      (screen) => screen.CaseStudyScreen,
    ),
  },
  {
    path: 'library/:id/edit',
    lazy: lazyScreen(
      () => import('./case-study-form-screen'),
      (screen) => screen.CaseStudyFormScreen,
    ),
  },
];

/** Pages printed on paper: no navigation bar around them. */
export const libraryPrintRoutes: RouteObject[] = [
  {
    path: 'print/case-study/:id',
    lazy: lazyScreen(
      () => import('./print-screen'),
      (screen) => screen.CaseStudyPrintScreen,
    ),
  },
];
