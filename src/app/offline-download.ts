import { DOWNLOAD_FOR_OFFLINE, isOfflineProgress, type OfflineProgress } from '../core/precache-plan';
import { useOfflineStore } from '../ui/offline-store';

/**
 * A paused download is asked for again after these waits, the last one repeating: a shaky link
 * drops a request without the phone ever going offline, and the page's "online" event can come
 * before the worker has its network back. Progress resets the waits.
 */
export const RETRY_MS = [5_000, 15_000, 30_000, 60_000];

/** What the shell tells the download follower about the worker's registration. */
export interface RegistrationEvents {
  registered(registration: ServiceWorkerRegistration): void;
  /** Registering failed: the worker's script or workbox-window could not be fetched. */
  failed(): void;
}

/**
 * Follows the service worker's download of the app for offline use (its progress goes to the
 * offline store) and asks it to go on: once it serves the page, whenever the network may be back,
 * and after a wait when it paused. A registration that failed, or a first install that was cut
 * off, leaves no worker to ask (the browser forgets a registration whose first install failed), so
 * then it registers `scriptUrl` again.
 */
export function followOfflineDownload(scriptUrl: string, scope: string): RegistrationEvents {
  const container = navigator.serviceWorker;
  const retry = retryAfterPause(() => void askToContinue(scriptUrl, scope, onFirstInstallFailed));
  function onFirstInstallFailed() {
    useOfflineStore.getState().pause();
    retry.paused();
  }
  container.addEventListener('message', (event: MessageEvent) => {
    if (!isOfflineProgress(event.data)) return;
    useOfflineStore.getState().update(event.data);
    retry.heard(event.data);
  });
  // Messages from the worker wait in a queue until the page says it listens.
  container.startMessages();
  useOfflineStore.getState().setContinue(retry.now);
  window.addEventListener('online', retry.now);
  void container.ready.then(retry.now);
  return { registered: (registration) => watchFirstInstall(registration, onFirstInstallFailed), failed: onFirstInstallFailed };
}

/**
 * Asks now (the network is back, the person tapped "try again": the waits start over), or after the
 * next wait once paused; stops waiting once the download moves or ends.
 */
function retryAfterPause(ask: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let cachedBytes = -1;
  const now = () => {
    clearTimeout(timer);
    attempt = 0;
    ask();
  };
  const paused = () => {
    clearTimeout(timer);
    timer = setTimeout(ask, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    attempt += 1;
  };
  const heard = (progress: OfflineProgress) => {
    if (progress.cachedBytes > cachedBytes) attempt = 0;
    cachedBytes = progress.cachedBytes;
    if (progress.paused) paused();
    else clearTimeout(timer);
  };
  return { now, paused, heard };
}

/** A first install that fails (the network went away) leaves no worker to ask: say so. */
function watchFirstInstall(registration: ServiceWorkerRegistration, onFailed: () => void): void {
  const watch = (worker: ServiceWorker | null) =>
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'redundant' && !registration.active) onFailed();
    });
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
}

async function askToContinue(scriptUrl: string, scope: string, onFirstInstallFailed: () => void): Promise<void> {
  const container = navigator.serviceWorker;
  const registration = await container.getRegistration(scope);
  if (registration?.active) {
    registration.active.postMessage({ type: DOWNLOAD_FOR_OFFLINE });
    return;
  }
  // A first install is running: it reports by itself, and `ready` asks again once it is done.
  if (registration?.installing || registration?.waiting) return;
  try {
    watchFirstInstall(await container.register(scriptUrl, { scope }), onFirstInstallFailed);
  } catch {
    onFirstInstallFailed();
  }
}
