import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { reloadFailedStyles } from './failed-styles';
import { isMissingCode, NotDownloaded, type RetryState } from './not-downloaded';
import { useOfflineComplete, useOfflineStore } from './offline-store';

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
