/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches } from 'workbox-precaching';
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { DOWNLOAD_FOR_OFFLINE, readPlan } from './core/precache-plan';
import { AsharDb } from './db/database';
import { forgetStartSnapshot } from './db/start-snapshot';
import { OfflinePrecache } from './sw-precache';
import { syncNow } from './sync/engine';
import { BACKGROUND_SYNC_TAG } from './sync/background';

declare const self: ServiceWorkerGlobalScope;

/** From a new worker told to take over, to the one it replaces: stop what you are doing. */
const HAND_OVER = 'ashar-hand-over';

// Everything the app needs offline, listed and ordered at build time (scripts/precache-tiers.ts). A
// build fails if something the shell needs is missing here (scripts/check-precache.ts).
// Aborted when a newer version takes over (below): this worker's download and sync stop.
const handingOver = new AbortController();
const precache = new OfflinePrecache(readPlan(self.__WB_MANIFEST), handingOver.signal);
self.addEventListener('install', (event) => event.waitUntil(precache.install()));
self.addEventListener('activate', (event) => precache.activate(event));
cleanupOutdatedCaches();

// Every page address opens the app from the precache, so deep links work with no network. The API
// is never answered from here.
precache.registerRoutes();

// Online map tiles: the ones a person has looked at are kept for offline use, up to a cap (the
// oldest go first), and never fetched in bulk. Only CORS responses are kept: their size is known,
// where an opaque one would count megabytes against the phone's storage.
const TILE_CACHE = 'ashar-map-tiles';
registerRoute(
  ({ request, url }) => request.destination === 'image' && url.origin !== self.location.origin && /\/\d+\/\d+\/\d+(@2x)?\.(png|jpe?g|webp)$/.test(url.pathname),
  new CacheFirst({
    cacheName: TILE_CACHE,
    plugins: [
      { cacheWillUpdate: async ({ response }) => (response.status === 200 && response.type === 'cors' ? response : null) },
      new ExpirationPlugin({ maxEntries: 3000, maxAgeSeconds: 60 * 24 * 3600, purgeOnQuotaError: true }),
    ],
  }),
);

// Prompt mode: a new worker waits until the page asks it to take over (the person accepted the
// update banner). The first install has nothing to replace, so it takes control at once.
// An open page asks for the rest of the app to be downloaded (after the first install, and again
// whenever the network may be back); the download keeps the worker alive while it runs.
//
// The browser lets a new worker take over only once the old one has finished what it is doing: an
// accepted update would wait for the old version's download or a background sync (minutes on a slow
// link, forever on a server that does not answer). So the new worker, told to take over, first
// tells the old one to stop both; what they did not finish, the new version does.
self.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === 'SKIP_WAITING') {
    const active = self.registration.active;
    if (active && active !== self.serviceWorker) active.postMessage({ type: HAND_OVER });
    void self.skipWaiting();
  }
  if (type === HAND_OVER && event.source instanceof ServiceWorker) handingOver.abort();
  if (type === DOWNLOAD_FOR_OFFLINE) event.waitUntil(precache.download());
});
clientsClaim();

// Background Sync: when a phone had changes waiting and lost the network, the browser wakes this
// worker once a connection is back, even if the app is closed. A failed run rejects, and the
// browser tries again later. The page does the same work when it is open; a lock keeps the two
// from running together.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== BACKGROUND_SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const db = new AsharDb();
      try {
        await syncNow(db, { signal: handingOver.signal });
      } finally {
        // What it brought or took may change the library: the next start shows no snapshot of it.
        await forgetStartSnapshot();
        db.close();
      }
    })(),
  );
}) as EventListener);
