import type { AsharDb } from './database';
import { getMeta, setMeta } from './meta';

export interface StorageStatus {
  /** null when the browser cannot tell. */
  persisted: boolean | null;
  usageBytes: number | null;
  quotaBytes: number | null;
}

/**
 * Asks the browser once, after the first saved record, to keep this site's data even when the
 * phone runs short of space. Asking earlier, before the person has anything to lose, is refused
 * more often and explains nothing.
 */
export async function askPersistenceOnce(db: AsharDb): Promise<void> {
  // Only pages can ask (a service worker has no `persist`).
  const storage = (globalThis as { navigator?: { storage?: { persist?: () => Promise<boolean> } } }).navigator?.storage;
  if (!storage?.persist) return;
  if (await getMeta<boolean>(db, 'persistenceAsked')) return;
  await setMeta(db, 'persistenceAsked', true);
  try {
    await storage.persist();
  } catch {
    // Some browsers throw instead of answering false; the status screen shows the outcome either way.
  }
}

export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const [persisted, estimate] = await Promise.all([
    storage?.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
    storage?.estimate ? storage.estimate().catch(() => null) : Promise.resolve(null),
  ]);
  return {
    persisted,
    usageBytes: estimate?.usage ?? null,
    quotaBytes: estimate?.quota ?? null,
  };
}

/**
 * Asks the browser, now, to keep this site's data when space runs short (the person pressed the
 * button). Returns the answer, or null when this browser cannot be asked.
 */
export async function requestPersistence(): Promise<boolean | null> {
  // persist() exists only in windows; this module is also compiled into the service worker.
  const storage = (typeof navigator === 'undefined' ? undefined : navigator.storage) as (StorageManager & { persist?: () => Promise<boolean> }) | undefined;
  if (!storage?.persist) return null;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Whether a failed write failed because the phone (or the site's quota) is full; Dexie wraps the DOMException. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string; inner?: { name?: string } } | null)?.name;
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}
