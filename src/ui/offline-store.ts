import { create } from 'zustand';
import type { OfflineProgress } from '../core/precache-plan';

interface OfflineState {
  /** The service worker's last word on the download of the app for offline use; null before any. */
  progress: OfflineProgress | null;
  /** This page saw the download unfinished: when it completes, say so once. */
  sawUnfinished: boolean;
  /** The person closed the "ready" note. */
  readyNoted: boolean;
  /** Asks the service worker to go on (set by the app shell; nothing to ask without a worker). */
  continueDownload: () => void;
  update: (progress: OfflineProgress) => void;
  /** The worker's first install broke off: nothing downloads until the page asks again. */
  pause: () => void;
  noteReady: () => void;
  setContinue: (continueDownload: () => void) => void;
}

/** Set before the page reloads itself for code it had failed to load (lazy-screen.ts): the "ready" note is still to be said. */
export const SAY_READY_KEY = 'ashar.sayReady';

function carriedReadyNote(): boolean {
  try {
    const carried = sessionStorage.getItem(SAY_READY_KEY) === '1';
    sessionStorage.removeItem(SAY_READY_KEY);
    return carried;
  } catch {
    return false;
  }
}

/**
 * Before the worker says anything: a page no service worker controls yet (a first visit) is about
 * to download the app, so it says so from its first paint, instead of the note pushing the screen
 * down when the worker first reports. A controlled page has nothing to say until it hears.
 */
export function initialProgress(container: ServiceWorkerContainer | undefined): OfflineProgress | null {
  if (!container || container.controller !== null) return null;
  return { type: 'offline-progress', cachedBytes: 0, totalBytes: 0, complete: false, paused: false };
}

export const useOfflineStore = create<OfflineState>((set) => ({
  progress: initialProgress(typeof navigator === 'undefined' ? undefined : navigator.serviceWorker),
  sawUnfinished: carriedReadyNote(),
  readyNoted: false,
  continueDownload: () => undefined,
  update: (progress) => set((state) => ({ progress, sawUnfinished: state.sawUnfinished || !progress.complete })),
  pause: () =>
    set((state) => {
      if (state.progress?.complete) return state;
      // Nothing heard yet (the worker never started): nothing of the app is kept for offline use.
      const progress = state.progress ?? { type: 'offline-progress', cachedBytes: 0, totalBytes: 0, complete: false, paused: true };
      return { progress: { ...progress, paused: true }, sawUnfinished: true };
    }),
  noteReady: () => set({ readyNoted: true }),
  setContinue: (continueDownload) => set({ continueDownload }),
}));

/** Everything the app needs offline is on the phone (as far as this page has heard). */
export function useOfflineComplete(): boolean {
  return useOfflineStore((state) => state.progress?.complete === true);
}
