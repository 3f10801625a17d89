// What the service worker downloads for offline use, in which order, and how it tells the page.
// Shared by the build (scripts/precache-tiers.ts writes the order), the service worker (downloads)
// and the page (shows the progress). Platform-free: no DOM, no worker APIs.

/**
 * Download order. `shell` is what a reload needs to open the app (the page, its scripts and styles):
 * a first install caches only that, so the worker takes over within seconds even on a slow link.
 * Then the main screens, the other languages, and last the rest (charts, map, print, examples),
 * smallest first.
 */
export const TIER = { shell: 0, core: 1, languages: 2, rest: 3 } as const;
export type Tier = (typeof TIER)[keyof typeof TIER];

/** One precache entry as the build writes it into the worker (workbox's entry plus two fields). */
export interface PlannedEntry {
  url: string;
  revision: string | null;
  integrity?: string;
  tier: Tier;
  /** Size of the file on disk: progress counts bytes, not files (the chart library alone outweighs forty small screens). */
  bytes: number;
}

/** The page asks the active worker to download what is still missing (and to say how far it is). */
export const DOWNLOAD_FOR_OFFLINE = 'download-for-offline';

/** The worker tells every open page how much of the app is on the phone. */
export interface OfflineProgress {
  type: 'offline-progress';
  cachedBytes: number;
  totalBytes: number;
  /** Everything is on the phone. */
  complete: boolean;
  /** The last download stopped on a network error; it goes on when the page asks again. */
  paused: boolean;
}

export function isOfflineProgress(data: unknown): data is OfflineProgress {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'offline-progress';
}

export function progressOf(entries: readonly PlannedEntry[], cachedUrls: ReadonlySet<string>, paused: boolean): OfflineProgress {
  let cachedBytes = 0;
  let totalBytes = 0;
  let missing = 0;
  for (const entry of entries) {
    totalBytes += entry.bytes;
    if (cachedUrls.has(entry.url)) cachedBytes += entry.bytes;
    else missing += 1;
  }
  return { type: 'offline-progress', cachedBytes, totalBytes, complete: missing === 0, paused: paused && missing > 0 };
}

/** Whole percent, never 100 before everything is there. */
export function percentOf(progress: Pick<OfflineProgress, 'cachedBytes' | 'totalBytes' | 'complete'>): number {
  if (progress.complete) return 100;
  if (progress.totalBytes === 0) return 0;
  return Math.min(99, Math.floor((progress.cachedBytes / progress.totalBytes) * 100));
}

/**
 * Reads the list the build injected. An entry without tier or size (a build without the tiers
 * plugin) counts as part of the shell, so such a build still installs everything before taking over.
 */
export function readPlan(manifest: readonly unknown[]): PlannedEntry[] {
  return manifest.map((item) => {
    const entry = (typeof item === 'string' ? { url: item, revision: null } : item) as Partial<PlannedEntry>;
    if (typeof entry.url !== 'string') throw new Error('precache entry without url');
    const tier = Object.values(TIER).includes(entry.tier as Tier) ? (entry.tier as Tier) : TIER.shell;
    return { url: entry.url, revision: entry.revision ?? null, integrity: entry.integrity, tier, bytes: typeof entry.bytes === 'number' ? entry.bytes : 0 };
  });
}

/**
 * Runs `task` over `items` with at most `concurrency` at a time, starting them in the given order.
 * After the first failure no further item starts; the ones running finish, then the failure is
 * thrown. (One fetch at a time, as Workbox does, costs a round trip per file: 85 files are 25 s at
 * 300 ms before a byte of content.)
 */
export async function inOrder<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/**
 * Runs `task` (which says whether it finished the job) one run at a time, however often asked: a
 * call during a run waits for that run. If the run ends unfinished and was asked for again while
 * it ran, it runs once more: the ask may come from the network being back, while the run is still
 * failing on what was in flight when the network went.
 */
export function oneRunAtATime(task: () => Promise<boolean>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let askedAgain = false;
  return () => {
    if (running) {
      askedAgain = true;
      return running;
    }
    running = (async () => {
      askedAgain = false;
      while (!(await task()) && askedAgain) askedAgain = false;
    })().finally(() => {
      running = null;
    });
    return running;
  };
}
