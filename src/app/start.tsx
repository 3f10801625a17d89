import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import type { Community } from '../core/model';
import { db } from '../db/instance';
import { createAppRouter } from './router';
import { startAddress } from './start-address';
import { startServiceWorker } from './service-worker';
import { startAppSync } from '../sync/instance';
import { communityChosenBefore } from '../ui/use-app-data';
import { nextTask, whenIdle } from '../ui/when-idle';

/**
 * The second part of the start (see main.tsx): the router, the first render, and then what the
 * first screen does not need. `community`: the phone's reads, asked for by the first part.
 */
export async function startApp(community: Promise<Community | null>): Promise<void> {
  // For bench:start: the app's code is loaded and runs (and, below, what the first screen needs is read).
  performance.mark('ashar-code-ready');
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  // The address the phone opens the app at (the manifest's start_url) shows the library; a phone
  // that had no community chosen goes to the welcome screen instead (and back below if it has one).
  const { asked, guess, needsCommunity } = startAddress(location.pathname, communityChosenBefore());
  const rest = `${location.search}${location.hash}`;
  if (guess !== location.pathname) history.replaceState(history.state, '', guess === asked ? `${guess}${rest}` : guess);
  // These modules have just run, in one task: the router's set-up (and the screen's code it asks
  // for) comes in a task of its own, while the database answers.
  await nextTask();
  const router = createAppRouter();
  // Drawn once the screen's code is here too: the first render shows the screen, not a blank page.
  const screen = new Promise<void>((resolve) => {
    if (router.state.initialized) resolve();
    else router.subscribe((state) => state.initialized && resolve());
  });
  const [, chosen] = await Promise.all([screen, community]);
  // A phone with no community chosen yet starts at the welcome screen (the frame would send it there);
  // one that has a community after all goes where it was opened.
  if (chosen === null && needsCommunity && guess !== '/welcome') await router.navigate('/welcome', { replace: true });
  if (chosen !== null && guess !== asked) await router.navigate(`${asked}${rest}`, { replace: true });
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
