import type { RouteObject } from 'react-router';

export const libraryRoutes: RouteObject[] = [
  { path: 'library', lazy: async () => ({ Component: (await import('./library-screen')).LibraryScreen }) },
  { path: 'library/new', lazy: async () => ({ Component: (await import('./case-study-form-screen')).CaseStudyFormScreen }) },
  { path: 'library/:id', lazy: async () => ({ Component: (await import('./case-study-screen')).CaseStudyScreen }) },
  { path: 'library/:id/edit', lazy: async () => ({ Component: (await import('./case-study-form-screen')).CaseStudyFormScreen }) },
];

/** Pages printed on paper: no navigation bar around them. */
export const libraryPrintRoutes: RouteObject[] = [
  { path: 'print/case-study/:id', lazy: async () => ({ Component: (await import('./print-screen')).CaseStudyPrintScreen }) },
];
