import { registerSW } from 'virtual:pwa-register';
import { followOfflineDownload } from './offline-download';
import { onWorkerReplacedElsewhere, reloadOnce } from './newer-version';
import { useUpdateStore } from './update-store';

const UPDATE_CHECK_MS = 60 * 60 * 1000;
// What vite-plugin-pwa builds from `filename: 'sw.ts'` (vite.config.ts), and its scope.
const SCRIPT_URL = '/sw.js';
const SCOPE = '/';

/**
 * Registers the service worker in prompt mode: a new version waits until the person accepts the
 * banner (never while a form holds unsaved input), and is never forced on them.
 */
export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  let accepted = false;
  // The first worker taking control of a first visit is not a new version.
  let controlled = navigator.serviceWorker.controller !== null;
  // workbox-window reloads only when the page was already controlled at registration; a tab left
  // open since the very first visit must reload too once the accepted version takes control. A new
  // worker this tab did not accept was accepted in another tab.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) reloadOnce();
    else if (controlled) void onWorkerReplacedElsewhere();
    controlled = true;
  });

  // The first visit shows how much of the app is on the phone until all of it is.
  const offlineDownload = followOfflineDownload(SCRIPT_URL, SCOPE);
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () =>
      useUpdateStore.getState().setWaiting(async () => {
        accepted = true;
        // The worker offered may have taken over meanwhile, or been replaced by a newer one that
        // already did: with nothing waiting, this tab moves to what the worker serves now.
        const registration = await navigator.serviceWorker.getRegistration(SCOPE);
        if (registration?.waiting) await updateSW(true);
        else reloadOnce();
      }),
    onNeedReload: () => {
      if (accepted) reloadOnce();
    },
    onRegisterError: () => offlineDownload.failed(),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      offlineDownload.registered(registration);
      // Long-lived tabs on a phone still learn about new versions, when there is a network.
      setInterval(() => {
        if (navigator.onLine) void registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
  });
}
