import { useState } from 'react';
import { useTranslation } from '../i18n/use-translation';
import { forgetRestored, readRestored } from './restore-lost-work';

/**
 * Said once after the browser had deleted the app's database and the safety copy brought back
 * the work not sent yet (restore-lost-work.ts): what came back, and where the rest is.
 */
export function RestoredNotice() {
  const { t } = useTranslation();
  const [restored, setRestored] = useState(readRestored);
  if (!restored) return null;
  return (
    <div className="notice notice-warning restored-notice" role="alert" data-testid="restored" data-no-snapshot="">
      <p className="notice-title">{t('restored.title')}</p>
      <p>{t('restored.text', { changes: restored.changes, photos: restored.photos })}</p>
      <p>{t('restored.rest')}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          forgetRestored();
          setRestored(null);
        }}
      >
        {t('restored.ok')}
      </button>
    </div>
  );
}
