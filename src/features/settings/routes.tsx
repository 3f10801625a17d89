import type { RouteObject } from 'react-router';
import { lazyScreen } from '../../ui/lazy-screen';

// Each screen is its own chunk: the backup code (hashing, the file format) loads only when opened.
export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings',
    lazy: lazyScreen(
      // The sync card knows who is signed in before the screen is first drawn (its shape depends on it).
      async () => (await Promise.all([import('./settings-screen'), import('./known-session').then((known) => known.knowSessionFirst())]))[0],
      (screen) => screen.SettingsScreen,
    ),
  },
  {
    path: 'settings/storage',
    lazy: lazyScreen(
      () => import('./storage-screen'),
      (screen) => screen.StorageScreen,
    ),
  },
  {
    path: 'settings/backup',
    lazy: lazyScreen(
      () => import('./backup-screen'),
      (screen) => screen.BackupScreen,
    ),
  },
];
