/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { ExpirationPlugin } from 'workbox-expiration';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { AsharDb } from './db/database';
import { syncNow } from './sync/engine';
import { BACKGROUND_SYNC_TAG } from './sync/background';

declare const self: ServiceWorkerGlobalScope;

// The app shell, listed at build time. A build fails if something the shell needs is missing here
// (scripts/check-precache.ts).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page address opens the app from the precache, so deep links work with no network. The API
// is never answered from here.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

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
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
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
        await syncNow(db);
      } finally {
        db.close();
      }
    })(),
  );
}) as EventListener);
