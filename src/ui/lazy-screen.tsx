import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { reloadFailedStyles } from './failed-styles';
import { isMissingCode, NotDownloaded, type RetryState } from './not-downloaded';
import { SAY_READY_KEY, useOfflineComplete, useOfflineStore } from './offline-store';

/**
 * The whole app is on the phone, yet a screen's code still fails to load: the browser remembers
 * that this page's earlier load failed (Chromium 150 does so for a module that failed offline) and
 * does not ask again. A new page does not remember: reload once for this address, the service
 * worker answering from the phone, and say "ready" there if it was not said yet.
 */
function reloadForCode(): void {
  try {
    const key = `ashar.reloadedFor:${location.pathname}`;
    if (sessionStorage.getItem(key)) return;
    sessionStorage.setItem(key, '1');
    const { sawUnfinished, readyNoted } = useOfflineStore.getState();
    if (sawUnfinished && !readyNoted) sessionStorage.setItem(SAY_READY_KEY, '1');
  } catch {
    return;
  }
  location.reload();
}

/**
 * A route's `lazy` that survives code not yet on the phone. React Router keeps the first answer of
 * a route's `lazy` for good, a failed one too, so a screen opened offline before the app finished
 * downloading would stay broken until a reload (and a reload offline may not even open the app).
 * Instead, a failed load answers with a stand-in that says the screen is not downloaded yet and
 * loads it again on "try again", each time the screen is opened, and once the whole app is on the
 * phone. Other errors are thrown as before.
 */
export function lazyScreen<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  let screen: ComponentType | null = null;
  const attempt = async (): Promise<ComponentType> => (screen ??= pick(await load()));

  function ScreenNotDownloaded() {
    const [Screen, setScreen] = useState<ComponentType | null>(() => screen);
    // 'checking': on arrival, and when the download completes, the code is asked for again quietly
    // (it may have come since), with nothing shown meanwhile.
    const [state, setState] = useState<RetryState | 'checking'>('checking');
    const [failure, setFailure] = useState<{ error: unknown } | null>(null);
    const complete = useOfflineComplete();
    const load = useCallback(async (quiet: boolean) => {
      if (!quiet) setState('trying');
      try {
        await reloadFailedStyles();
        const loaded = await attempt();
        setScreen(() => loaded);
      } catch (error) {
        if (!isMissingCode(error)) {
          setFailure({ error });
          return;
        }
        // Only on a page that saw the download unfinished (its failure came from then): a page
        // that started with the whole app on the phone has some other trouble, which a reload in
        // the middle of it would not mend.
        const offline = useOfflineStore.getState();
        if (offline.progress?.complete && offline.sawUnfinished) reloadForCode();
        setState((current) => (quiet ? (current === 'checking' ? 'idle' : current) : 'failed'));
        // The download may have stopped with the network: ask the worker to go on.
        if (!quiet) useOfflineStore.getState().continueDownload();
      }
    }, []);
    useEffect(() => {
      if (Screen === null) void load(true);
    }, [complete, Screen, load]);
    // Any other error goes to the route's error screen, as it would have without the stand-in.
    if (failure) throw failure.error;
    if (Screen) return <Screen />;
    if (state === 'checking') return null;
    return <NotDownloaded state={state} onRetry={() => void load(false)} />;
  }

  return async (): Promise<{ Component: ComponentType }> => {
    try {
      return { Component: await attempt() };
    } catch (error) {
      if (!isMissingCode(error)) throw error;
      return { Component: ScreenNotDownloaded };
    }
  };
}
