import type { RouteObject } from 'react-router';

export const workshopRoutes: RouteObject[] = [
  { path: 'workshops', lazy: async () => ({ Component: (await import('./workshops-screen')).WorkshopsScreen }) },
];
