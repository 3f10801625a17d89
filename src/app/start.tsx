import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { db } from '../db/instance';
import { privateShelf } from '../db/private-files';
import { keepSafetyCopy } from '../db/safety-watch';
import { safetyCopyWriter } from '../db/safety-writer';
import { watchAssetChanges } from '../features/assets/asset-model';
import type { FirstReads } from './first-reads';
import { createAppRouter } from './router';
import { startServiceWorker } from './service-worker';
import { startAppSync } from '../sync/instance';
import { followSnapshotTaps, revealApp } from '../ui/snapshot-handover';
import { watchStartSnapshot } from '../ui/start-snapshot';
import { watchFailedStyles } from '../ui/failed-styles';
import { nextTask, whenIdle } from '../ui/when-idle';

/** The longest the start snapshot stays over an app that has drawn itself under it. */
const SNAPSHOT_AT_MOST_MS = 10_000;

/**
 * The rest of the start, once what the first screen needs was asked for (first-reads.ts): the
 * router, the screen's code, and React's first drawing. Loaded by main.tsx from the same file (see
 * vite.config.ts), its modules (React DOM, the router, the frame) run in a task of their own.
 */
export async function start({ asked, guess, needsCommunity, rest, reads }: FirstReads): Promise<void> {
  // For bench:start: the app's code is loaded and runs (what the first screen needs was asked for
  // before, in first-reads.ts).
  performance.mark('ashar-code-ready');
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  watchAssetChanges(db);
  watchFailedStyles();
  // The router's set-up, then its start (which asks for the screen's code), each come in a task of
  // their own, while the database answers, so that none keeps the phone from answering a tap for long.
  await nextTask();
  const router = createAppRouter();
  await nextTask();
  router.initialize();
  followSnapshotTaps((to) => void router.navigate(to));
  // Drawn once the screen's code is here too: the first render shows the screen, not a blank page.
  const screen = new Promise<void>((resolve) => {
    if (router.state.initialized) resolve();
    else router.subscribe((state) => state.initialized && resolve());
  });
  const [, [, , community]] = await Promise.all([screen, reads]);
  // A phone with no community chosen yet starts at the welcome screen (the frame would send it there);
  // one that has a community after all goes where it was opened.
  if (community === null && needsCommunity && guess !== '/welcome') await router.navigate('/welcome', { replace: true });
  if (community !== null && guess !== asked) await router.navigate(`${asked}${rest}`, { replace: true });
  performance.mark('ashar-data-ready');
  const app = createRoot(root);
  // As a transition, React draws the first screen in slices and lets the phone answer meanwhile,
  // rather than in one long task.
  startTransition(() =>
    app.render(
      <StrictMode>
        <RouterProvider router={router} />
      </StrictMode>,
    ),
  );
  // The screen shown takes the start snapshot's place once drawn (useStartSnapshot, layout.tsx); this
  // is for a start that never draws one (a screen's code missing, an error).
  setTimeout(revealApp, SNAPSHOT_AT_MOST_MS);
  // On a first visit the service worker is what makes the app work offline: it starts at once. On
  // a phone it already serves, it only looks for updates, and waits with the rest of what the
  // first screen does not need until that screen is drawn.
  const served = 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;
  if (!served) startServiceWorker();
  whenIdle(() => {
    if (served) startServiceWorker();
    startAppSync();
    // Loaded apart: hashing comes with it, and the first screen does not need it.
    void import('../db/attachments').then(({ sweepOrphanFiles }) => sweepOrphanFiles(db, Date.now()));
    watchStartSnapshot(db);
    // What waits to be sent is also kept outside IndexedDB (safety-copy.ts).
    void privateShelf().then((shelf) => {
      if (shelf) keepSafetyCopy(db, shelf, safetyCopyWriter(db, shelf, __APP_VERSION__));
    });
  });
}
