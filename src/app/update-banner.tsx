import { useState } from 'react';
import { useTranslation } from '../i18n/use-translation';
import { hasUnsavedInput, useUnsavedStore } from '../ui/unsaved-store';
import { useUpdateStore } from './update-store';

/** "A new version is ready — reload". Never reloads while a form holds unsaved input. */
export function UpdateBanner() {
  const { t } = useTranslation();
  const apply = useUpdateStore((state) => state.apply);
  const formsOpen = useUnsavedStore((state) => state.dirtyForms.size > 0);
  const [blocked, setBlocked] = useState(false);
  if (!apply) return null;

  function onReload() {
    // Read the store at the moment of the click, not the value of the last render.
    if (hasUnsavedInput()) {
      setBlocked(true);
      return;
    }
    void apply?.();
  }

  return (
    <div className="update-banner" role="status" data-no-snapshot="">
      <p>{t('update.ready')}</p>
      {blocked && formsOpen && <p className="update-blocked">{t('update.finishForm')}</p>}
      <button type="button" className="button button-light" onClick={onReload}>
        {t('update.reload')}
      </button>
    </div>
  );
}
