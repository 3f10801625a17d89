import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ensureAdminUnits } from '../db/gazetteer';
import { db } from '../db/instance';
import { watchAssetChanges } from '../features/assets/asset-model';
import { readLanguage } from '../db/settings';
import { isLanguage, pickLanguage } from '../i18n/languages';
import { startI18n, startLoadingLanguage } from '../i18n/setup';
import { watchDatabaseVersion } from './newer-version';
import { createAppRouter } from './router';
import { startAddress } from './start-address';
import { startServiceWorker } from './service-worker';
import { startAppSync } from '../sync/instance';
import { watchFailedStyles } from '../ui/failed-styles';
import { communityChosenBefore, loadCurrentCommunity } from '../ui/use-app-data';
import { nextTask, whenIdle } from '../ui/when-idle';
import './styles.css';

async function start(): Promise<void> {
  // For bench:start: the app's code is loaded and runs (and, below, what the first screen needs is read).
  performance.mark('ashar-code-ready');
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  watchDatabaseVersion(db);
  watchAssetChanges(db);
  watchFailedStyles();
  // What the first screen needs is asked for all at once, not one after another: the language's
  // texts start loading and the database is read, and (below) the router loads this address's screen.
  startLoadingLanguage();
  // The address the phone opens the app at (the manifest's start_url) shows the library; a phone
  // that had no community chosen goes to the welcome screen instead (and back below if it has one).
  const { asked, guess, needsCommunity } = startAddress(location.pathname, communityChosenBefore());
  const rest = `${location.search}${location.hash}`;
  if (guess !== location.pathname) history.replaceState(history.state, '', guess === asked ? `${guess}${rest}` : guess);
  const language = readLanguage(db).then((stored) => startI18n(isLanguage(stored) ? stored : pickLanguage(navigator.languages)));
  const reads = Promise.all([language, ensureAdminUnits(db), loadCurrentCommunity()]);
  // Its failure is start()'s, below: not an unhandled rejection while the router is set up.
  reads.catch(() => undefined);
  // The app's modules have just run, in one task: the router's set-up (and the screen's code it
  // asks for) comes in a task of its own, while the database answers, so that neither keeps the
  // phone from answering a tap for long (bench:start counts tasks over 50 ms).
  await nextTask();
  const router = createAppRouter();
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
  });
}

start().catch((error: unknown) => {
  // Without a database or translations there is nothing to render: show the message in index.html.
  console.error(error);
  document.getElementById('root')?.replaceChildren();
  document.getElementById('boot-error')?.removeAttribute('hidden');
});
