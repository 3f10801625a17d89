import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/use-translation';
import { useRouteError } from 'react-router';
import { isMissingCode, NotDownloaded, type RetryState } from '../ui/not-downloaded';
import { useOfflineStore } from '../ui/offline-store';
import { revealApp } from '../ui/snapshot-handover';

/** Shown when a screen fails to load or throws, in place of the whole page (print pages, the shell). */
export function RouteError() {
  return (
    <main className="main" id="main">
      <ScreenError />
    </main>
  );
}

/**
 * Shown in place of a screen that failed, inside the app's frame: the navigation stays, so the
 * person can go elsewhere. Code not yet on the phone (a part of a screen loaded apart, such as the
 * map picker) says so; anything else says the page did not open. The data on the phone is untouched.
 */
export function ScreenError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const [state, setState] = useState<RetryState>('idle');
  // A screen that failed at the start is shown at once, not after the start snapshot's wait.
  useEffect(revealApp, []);
  if (isMissingCode(error)) {
    const retry = () => {
      // The code React loaded apart can only be asked for again by loading the page again, which
      // needs the network, or the service worker to answer with the app.
      if (navigator.serviceWorker?.controller || navigator.onLine) window.location.reload();
      else setState('failed');
      useOfflineStore.getState().continueDownload();
    };
    return <NotDownloaded state={state} onRetry={retry} />;
  }
  return (
    <>
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.text')}</p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        {t('crash.reload')}
      </button>
    </>
  );
}
