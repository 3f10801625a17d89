import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ensureAdminUnits } from '../db/gazetteer';
import { db } from '../db/instance';
import { watchAssetChanges } from '../features/assets/asset-model';
import { readLanguage } from '../db/settings';
import { isLanguage, pickLanguage } from '../i18n/languages';
import { startI18n } from '../i18n/setup';
import { watchDatabaseVersion } from './newer-version';
import { createAppRouter } from './router';
import { startServiceWorker } from './service-worker';
import { startAppSync } from '../sync/instance';
import { watchFailedStyles } from '../ui/failed-styles';
import './styles.css';

async function start(): Promise<void> {
  watchDatabaseVersion(db);
  watchAssetChanges(db);
  watchFailedStyles();
  await ensureAdminUnits(db);
  const stored = await readLanguage(db);
  await startI18n(isLanguage(stored) ? stored : pickLanguage(navigator.languages));
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <RouterProvider router={createAppRouter()} />
    </StrictMode>,
  );
  startServiceWorker();
  startAppSync();
  // Loaded apart: hashing comes with it, and the first screen does not need it.
  void import('../db/attachments').then(({ sweepOrphanFiles }) => sweepOrphanFiles(db, Date.now()));
}

start().catch((error: unknown) => {
  // Without a database or translations there is nothing to render: show the message in index.html.
  console.error(error);
  document.getElementById('boot-error')?.removeAttribute('hidden');
});
