/// <reference lib="webworker" />
import { PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { inOrder, oneRunAtATime, progressOf, TIER, type OfflineProgress, type PlannedEntry } from './core/precache-plan';
import { isStartAddress, pageWithSnapshot } from './core/start-snapshot';
import { readStartSnapshot } from './db/start-snapshot';

declare const self: ServiceWorkerGlobalScope;

// Four downloads at a time: enough to hide most of a 300 ms round trip behind another file's bytes,
// and two of the browser's six connections stay free for what the page asks meanwhile.
const PARALLEL = 4;

/**
 * The app's precache, downloaded in the order the build wrote (shell, main screens, languages, the
 * rest) and served with Workbox's precache route.
 *
 * A first install takes whatever the page already has in the browser's cache and fetches only what
 * is still missing of the shell, so the worker serves the app (and a reload offline opens it) about
 * a second after the first screen even on a slow link; the rest follows while the page is open
 * (`download`). An update installs everything before it is offered, as before: the version it
 * replaces goes away when it takes over.
 */
export class OfflinePrecache {
  private readonly controller = new PrecacheController();

  /** `handingOver`: aborted once a newer version was accepted (sw.ts); this one's download stops at once. */
  constructor(
    private readonly plan: readonly PlannedEntry[],
    private readonly handingOver: AbortSignal,
  ) {
    this.controller.addToCacheList(plan.map(({ url, revision, integrity }) => ({ url, revision, integrity })));
  }

  /**
   * Serves precached files, and every page address with index.html (the API excepted); a start from
   * the home screen gets index.html with the start snapshot in it, when the phone keeps one that
   * this build drew (src/core/start-snapshot.ts).
   */
  registerRoutes(): void {
    const index = this.controller.createHandlerBoundToURL('index.html');
    // Before the precache's own route, which answers `/` with index.html as it is.
    registerRoute(
      ({ request, url }) => request.mode === 'navigate' && isStartAddress(url),
      async (options) => {
        const [page, snapshot] = await Promise.all([index(options), readStartSnapshot().catch(() => null)]);
        if (!snapshot || !page.ok) return page;
        const html = pageWithSnapshot(await page.clone().text(), snapshot);
        if (html === null) return page;
        // The page's own headers (its security policy), less those that described the stored body.
        const headers = new Headers(page.headers);
        for (const name of ['content-length', 'content-encoding', 'etag']) headers.delete(name);
        return new Response(html, { status: page.status, statusText: page.statusText, headers });
      },
    );
    registerRoute(new PrecacheRoute(this.controller));
    registerRoute(new NavigationRoute(index, { denylist: [/^\/api\//] }));
  }

  async install(): Promise<void> {
    const firstInstall = self.registration.active === null;
    const cached = await this.cachedUrls();
    const report = firstInstall ? () => this.report(progressOf(this.plan, cached, false)) : async () => undefined;
    if (firstInstall) {
      // What the page has just downloaded (its scripts, its language, the screen it shows) is in the
      // browser's cache: take it from there, without a request. Fetched again it would cost a
      // round trip each, even when the browser's cache answers "not modified".
      const adoptable = this.plan.filter((entry) => !cached.has(entry.url) && entry.revision === null);
      await Promise.all(
        adoptable.map((entry) =>
          this.store(entry, 'browser-cache').then(
            () => cached.add(entry.url),
            () => undefined,
          ),
        ),
      );
    }
    await report();
    const now = this.plan.filter((entry) => !cached.has(entry.url) && (!firstInstall || entry.tier === TIER.shell));
    await inOrder(now, PARALLEL, async (entry) => {
      await this.store(entry, 'network');
      cached.add(entry.url);
      await report();
    });
  }

  /** Removes what an older version precached and this one does not list. */
  activate(event: ExtendableEvent): void {
    this.controller.activate(event);
  }

  /**
   * Downloads what is still missing, reporting after each file to every open page. One download at
   * a time however many pages ask; a network error pauses it until a page asks again.
   */
  readonly download = oneRunAtATime(() => this.downloadMissing());

  /**
   * Whether this worker's download is pointless: a newer version is installed (it precached all it
   * needs itself) or installing, or was accepted. Such a download only delays the newer one: the
   * browser hands the phone to a new worker only once the old one has finished what it is doing.
   */
  private superseded(): boolean {
    if (this.handingOver.aborted) return true;
    const newer = self.registration.installing ?? self.registration.waiting;
    return newer !== null && newer !== self.serviceWorker;
  }

  /** One run over what is missing; whether everything is there at its end (or no longer matters). */
  private async downloadMissing(): Promise<boolean> {
    if (this.superseded()) return true;
    const cached = await this.cachedUrls();
    await this.report(progressOf(this.plan, cached, false));
    try {
      await inOrder(
        this.plan.filter((entry) => !cached.has(entry.url)),
        PARALLEL,
        async (entry) => {
          if (this.superseded()) throw new Error('precache: a newer version takes over');
          await this.store(entry, 'network');
          cached.add(entry.url);
          await this.report(progressOf(this.plan, cached, false));
        },
      );
    } catch {
      // Stopped for a newer version: nothing to say, the pages move to it.
      if (this.superseded()) return true;
      await this.report(progressOf(this.plan, cached, true));
      return false;
    }
    return true;
  }

  private async cachedUrls(): Promise<Set<string>> {
    const cache = await caches.open(this.controller.strategy.cacheName);
    const keys = new Set((await cache.keys()).map((request) => request.url));
    return new Set(this.plan.filter((entry) => keys.has(this.cacheKeyOf(entry))).map((entry) => entry.url));
  }

  private cacheKeyOf(entry: PlannedEntry): string {
    const key = this.controller.getCacheKeyForURL(entry.url);
    if (!key) throw new Error(`not in the precache list: ${entry.url}`);
    return key;
  }

  /**
   * Fetches one entry into the precache under Workbox's key. `browser-cache` never touches the
   * network: it only takes what the browser's HTTP cache holds (hashed file names only, whose
   * content cannot be stale).
   */
  private async store(entry: PlannedEntry, from: 'network' | 'browser-cache'): Promise<void> {
    const request =
      from === 'network'
        ? new Request(entry.url, {
            credentials: 'same-origin',
            integrity: entry.integrity,
            cache: entry.revision ? 'reload' : 'default',
            signal: this.handingOver,
          })
        : new Request(entry.url, { credentials: 'same-origin', mode: 'same-origin', cache: 'only-if-cached' });
    let response = await fetch(request);
    if (!response.ok) throw new Error(`precache: ${entry.url} answered ${response.status}`);
    // A redirected response cannot answer a navigation: keep its body and headers only.
    if (response.redirected)
      response = new Response(await response.blob(), { headers: response.headers, status: response.status, statusText: response.statusText });
    const cache = await caches.open(this.controller.strategy.cacheName);
    await cache.put(this.cacheKeyOf(entry), response);
  }

  private async report(progress: OfflineProgress): Promise<void> {
    // Uncontrolled pages too: during the first install no page is controlled yet.
    for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) client.postMessage(progress);
  }
}
