import type { RouteObject } from 'react-router';

export const communityRoutes: RouteObject[] = [
  { path: 'welcome', lazy: async () => ({ Component: (await import('./welcome-screen')).WelcomeScreen }) },
  { path: 'communities', lazy: async () => ({ Component: (await import('./communities-screen')).CommunitiesScreen }) },
];
