import { useTranslation } from '../i18n/use-translation';
import { percentOf } from '../core/precache-plan';
import { formatPercent } from '../i18n/format';
import { useOfflineStore } from '../ui/offline-store';
import { useLanguage } from '../ui/use-app-data';

/**
 * On the first visit: how much of the app is on the phone, until all of it is; then, once, "ready
 * to work without internet". A paused download says it goes on when the internet is back. Nothing
 * shows on a phone that had everything before this page opened.
 */
export function OfflineStatus() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const progress = useOfflineStore((state) => state.progress);
  const sawUnfinished = useOfflineStore((state) => state.sawUnfinished);
  const readyNoted = useOfflineStore((state) => state.readyNoted);
  const noteReady = useOfflineStore((state) => state.noteReady);
  if (progress === null) return null;

  if (progress.complete) {
    if (!sawUnfinished || readyNoted) return null;
    return (
      <div className="offline-status offline-ready" role="status" data-no-snapshot="">
        <p>{t('offlineDownload.ready')}</p>
        <button type="button" className="button button-small button-light" onClick={noteReady}>
          {t('offlineDownload.ok')}
        </button>
      </div>
    );
  }

  const percent = percentOf(progress);
  // Not a live region: a screen reader would read out every percent. The bar carries the value.
  return (
    <div className="offline-status" data-testid="offline-progress" data-no-snapshot="">
      <p>
        {progress.paused
          ? t('offlineDownload.paused', { percent: formatPercent(percent, lang) })
          : t('offlineDownload.progress', { percent: formatPercent(percent, lang) })}
      </p>
      <progress max={100} value={percent} aria-label={t('offlineDownload.label')} />
    </div>
  );
}
