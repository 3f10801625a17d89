import type { AsharDb } from '../db/database';
import { hasUnsavedInput } from '../ui/unsaved-store';
import { useUpdateStore } from './update-store';

/**
 * A new service worker took control of this tab without this tab accepting it: another tab
 * applied an update. When the worker now serves another build of the app than the one running
 * here, this tab's code is the old one (a screen it has not loaded yet is gone from the cache), so
 * it moves on. When the build is the same (only the worker changed), there is nothing to apply any
 * more, and a banner still offering it would wait for a worker that is no longer waiting.
 */
export async function onWorkerReplacedElsewhere(): Promise<void> {
  if (await runsServedBuild()) useUpdateStore.getState().clearWaiting();
  else onNewerVersionElsewhere();
}

/**
 * This tab runs an older version than another tab (or the database's schema). With nothing
 * unsaved it reloads into the new version at once; with a form open, the update banner offers the
 * reload, which waits until the form is saved or cancelled, as every update does.
 */
export function onNewerVersionElsewhere(): void {
  if (!hasUnsavedInput()) {
    reloadOnce();
    return;
  }
  useUpdateStore.getState().setWaiting(async () => reloadOnce());
}

/**
 * Dexie closes this tab's connection when a newer version opens the database (so that version's
 * upgrade is never blocked, and reopens it if a form here is still saved); this tab then moves on.
 */
export function watchDatabaseVersion(db: AsharDb): void {
  db.on('versionchange', (event) => {
    // No new version means the database is being deleted: nothing to move to.
    if (event.newVersion) onNewerVersionElsewhere();
  });
}

/** Whether the page the service worker serves now loads the same main script as this page. */
async function runsServedBuild(): Promise<boolean> {
  const mainScript = (root: ParentNode, base: string) => {
    const src = root.querySelector('script[type="module"][src]')?.getAttribute('src');
    return src ? new URL(src, base).href : null;
  };
  try {
    // Answered from the worker's precache, offline too.
    const served = new DOMParser().parseFromString(await (await fetch('/index.html')).text(), 'text/html');
    const running = mainScript(document, document.baseURI);
    return running !== null && running === mainScript(served, document.baseURI);
  } catch {
    return false;
  }
}

// One reload, however many signals say the same thing (the worker changed, the database was
// upgraded): a second reload would cancel the first.
let reloadStarted = false;
/**
 * Reloads this tab into the version the service worker serves, once. A worker that has just taken
 * control may still be activating (removing the old version's files): the reload waits until it
 * has, so that the new page is not asked of a worker in the middle of its switch.
 */
export function reloadOnce(): void {
  if (reloadStarted) return;
  reloadStarted = true;
  void settledController().then(() => window.location.reload());
}

/** Resolves once the worker controlling this tab (if any) is no longer activating. */
function settledController(): Promise<void> {
  const controller = 'serviceWorker' in navigator ? navigator.serviceWorker.controller : null;
  if (controller?.state !== 'activating') return Promise.resolve();
  return new Promise((resolve) => {
    controller.addEventListener('statechange', function onChange() {
      if (controller.state === 'activating') return;
      controller.removeEventListener('statechange', onChange);
      resolve();
    });
  });
}
