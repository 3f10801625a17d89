import type { RouteObject } from 'react-router';

export const workshopRoutes: RouteObject[] = [
  { path: 'workshops', lazy: async () => ({ Component: (await import('./workshops-screen')).WorkshopsScreen }) },
  { path: 'workshops/new', lazy: async () => ({ Component: (await import('./workshop-form-screen')).WorkshopFormScreen }) },
  { path: 'workshops/actions', lazy: async () => ({ Component: (await import('./actions-screen')).ActionsScreen }) },
  { path: 'workshops/insight', lazy: async () => ({ Component: (await import('./insight-screen')).InsightScreen }) },
  { path: 'workshops/:id', lazy: async () => ({ Component: (await import('./workshop-screen')).WorkshopScreen }) },
  { path: 'workshops/:id/edit', lazy: async () => ({ Component: (await import('./workshop-form-screen')).WorkshopFormScreen }) },
];

/** Pages printed on paper: no navigation bar around them. */
export const workshopPrintRoutes: RouteObject[] = [
  { path: 'print/workshop/:id', lazy: async () => ({ Component: (await import('./print-screen')).WorkshopPrintScreen }) },
];
