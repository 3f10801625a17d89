import type { RouteObject } from 'react-router';

// Each screen is its own chunk: the backup code (hashing, the file format) loads only when opened.
export const settingsRoutes: RouteObject[] = [
  { path: 'settings', lazy: async () => ({ Component: (await import('./settings-screen')).SettingsScreen }) },
  { path: 'settings/storage', lazy: async () => ({ Component: (await import('./storage-screen')).StorageScreen }) },
  { path: 'settings/backup', lazy: async () => ({ Component: (await import('./backup-screen')).BackupScreen }) },
];
