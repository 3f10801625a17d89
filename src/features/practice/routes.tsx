import type { RouteObject } from 'react-router';
import { lazyScreen } from '../../ui/lazy-screen';

export const practiceRoutes: RouteObject[] = [
  {
    path: 'practice',
    lazy: lazyScreen(
      () => import('./circles-screen'),
      (screen) => screen.CirclesScreen,
    ),
  },
  {
    path: 'practice/ask',
    lazy: lazyScreen(
      () => import('./ask-screen'),
      (screen) => screen.AskScreen,
    ),
  },
  {
    path: 'practice/q/:id/edit',
    lazy: lazyScreen(
      () => import('./ask-screen'),
      (screen) => screen.AskScreen,
    ),
  },
  {
    path: 'practice/desk',
    lazy: lazyScreen(
      () => import('./desk-screen'),
      (screen) => screen.DeskScreen,
    ),
  },
  {
    path: 'practice/c/:circle',
    lazy: lazyScreen(
      () => import('./circle-screen'),
      (screen) => screen.CircleScreen,
    ),
  },
  {
    path: 'practice/q/:id',
    lazy: lazyScreen(
      () => import('./thread-screen'),
      (screen) => screen.ThreadScreen,
    ),
  },
];
