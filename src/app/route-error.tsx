import { useTranslation } from 'react-i18next';

/** Shown when a screen fails to load or throws: the data on the phone is untouched, so offer a reload. */
export function RouteError() {
  const { t } = useTranslation();
  return (
    <main className="main" id="main">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.text')}</p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        {t('crash.reload')}
      </button>
    </main>
  );
}
