import type { RouteObject } from 'react-router';

export const libraryRoutes: RouteObject[] = [
  { path: 'library', lazy: async () => ({ Component: (await import('./library-screen')).LibraryScreen }) },
];
