import { SNAPSHOT_BUILD_HEADER, SNAPSHOT_CACHE, SNAPSHOT_KEY, SNAPSHOT_LANG_HEADER, type StoredSnapshot } from '../core/start-snapshot';

// Where the start snapshot is kept (src/core/start-snapshot.ts): Cache Storage, which the service
// worker reads when it answers a start, and which the page writes and clears.

/** The snapshot kept on this phone, or null (none, or no Cache Storage here). */
export async function readStartSnapshot(): Promise<StoredSnapshot | null> {
  if (typeof caches === 'undefined') return null;
  const response = await caches.match(SNAPSHOT_KEY, { cacheName: SNAPSHOT_CACHE });
  if (!response) return null;
  return { html: await response.text(), build: response.headers.get(SNAPSHOT_BUILD_HEADER) ?? '', lang: response.headers.get(SNAPSHOT_LANG_HEADER) ?? '' };
}

export async function writeStartSnapshot(snapshot: StoredSnapshot): Promise<void> {
  if (typeof caches === 'undefined') return;
  const headers = { 'content-type': 'text/html; charset=utf-8', [SNAPSHOT_BUILD_HEADER]: snapshot.build, [SNAPSHOT_LANG_HEADER]: snapshot.lang };
  await (await caches.open(SNAPSHOT_CACHE)).put(SNAPSHOT_KEY, new Response(snapshot.html, { headers }));
}

/**
 * Forgets the snapshot: what it shows may no longer be this phone's to show (another person signed
 * in or out, case studies changed, another community or language). Never throws: a phone without
 * Cache Storage has none.
 */
export async function forgetStartSnapshot(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(SNAPSHOT_CACHE);
  } catch {
    // Nothing kept, nothing to forget.
  }
}
