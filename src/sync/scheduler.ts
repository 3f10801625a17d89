import { createStore } from 'zustand/vanilla';
import type { AsharDb } from '../db/database';
import { registerBackgroundSync } from './background';
import { syncNow, type SyncProgress } from './engine';
import { RequestRefused, RetryLater } from './transport';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'error' | 'signed_out' | 'sign_in_needed';

export interface SyncStatus {
  state: SyncState;
  progress: SyncProgress | null;
  /** Translation key (namespace "sync") of the last problem, in plain words. */
  problem: string | null;
  nextTryAt: number | null;
}

export const syncStatus = createStore<SyncStatus>(() => ({ state: 'idle', progress: null, problem: null, nextTryAt: null }));

const AFTER_WRITE_MS = 3_000;
const PERIODIC_MS = 5 * 60 * 1000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60 * 1000;

/**
 * Decides when to sync: at start, when the network comes back, when the page is shown again,
 * shortly after local writes, every few minutes, and on "Sync now"; after a failure it waits longer
 * each time (with jitter, so fifty phones reconnecting do not knock together).
 */
export function startSyncScheduler(db: AsharDb): {
  syncSoon: (delayMs?: number) => void;
  ask: (first?: Promise<unknown>) => void;
  stop: () => void;
} {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let failures = 0;

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
  };

  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    syncStatus.setState({ state: 'syncing', progress: null, problem: null, nextTryAt: null });
    try {
      const outcome = await syncNow(db, { onProgress: (progress) => syncStatus.setState({ progress }) });
      failures = 0;
      // Asked again while this one ran: it is not done until the run that follows is.
      syncStatus.setState(again ? { progress: null } : { state: outcome === 'done' ? 'idle' : outcome, progress: null });
      schedule(PERIODIC_MS);
    } catch (error) {
      failures += 1;
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
      const wait = Math.max(error instanceof RetryLater && error.retryAfterMs ? error.retryAfterMs : 0, backoff * (0.5 + Math.random()));
      const offline = error instanceof RetryLater && error.reason === 'offline';
      // Let the browser finish the job once it is back online, even if the app is closed by then.
      if (error instanceof RetryLater) void registerBackgroundSync();
      syncStatus.setState({
        state: offline ? 'offline' : 'error',
        progress: null,
        problem: offline
          ? 'problem.offline'
          : error instanceof RetryLater
            ? `problem.${error.reason}`
            : error instanceof RequestRefused
              ? 'problem.refused'
              : 'problem.unknown',
        nextTryAt: Date.now() + wait,
      });
      schedule(wait);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule(0);
      }
    }
  };

  const syncSoon = (delayMs = 0) => schedule(delayMs);
  /**
   * The person asked ("Sync now", a share): the state says "syncing" from the tap on, and stays so
   * until a sync that began after the tap has ended — one already running does not count, since it
   * may have read the phone before the tap. `first` is work to finish before that sync begins.
   */
  const ask = (first: Promise<unknown> = Promise.resolve()) => {
    syncStatus.setState({ state: 'syncing', progress: null, problem: null, nextTryAt: null });
    clearTimeout(timer);
    void first
      .catch(() => undefined)
      .then(() => {
        if (running) again = true;
        else schedule(0);
      });
  };
  const onOnline = () => syncSoon(500);
  const onVisible = () => {
    if (document.visibilityState === 'visible') syncSoon(500);
  };
  const afterWrite = () => {
    syncSoon(AFTER_WRITE_MS);
    if (!navigator.onLine) void registerBackgroundSync();
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  db.outbox.hook('creating', afterWrite);
  syncSoon(1_000);

  return {
    syncSoon,
    ask,
    stop: () => {
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      db.outbox.hook('creating').unsubscribe(afterWrite);
    },
  };
}
