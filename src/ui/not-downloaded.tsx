import { useTranslation } from '../i18n/use-translation';
import { Page } from './page';

/**
 * Whether an error is a piece of the app's code that could not be fetched: the phone went offline
 * before the app finished downloading. Chromium says "Failed to fetch dynamically imported module",
 * Firefox "error loading dynamically imported module", Safari "Importing a module script failed";
 * Vite "Unable to preload CSS" when a screen's style sheet is what is missing.
 */
export function isMissingCode(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(error.message);
}

export type RetryState = 'idle' | 'trying' | 'failed';

/**
 * "This part of the app has not finished downloading; connect to the internet and try again", in
 * place of a screen whose code is not on the phone yet. The data on the phone is not concerned.
 */
export function NotDownloaded({ onRetry, state }: { onRetry: () => void; state: RetryState }) {
  const { t } = useTranslation();
  return (
    <Page title={t('notDownloaded.title')}>
      <div className="not-downloaded" data-testid="not-downloaded">
        <p>{t('notDownloaded.text')}</p>
        <button type="button" className="button button-primary" onClick={onRetry} disabled={state === 'trying'}>
          {t('notDownloaded.retry')}
        </button>
        {state === 'failed' && (
          <p className="not-downloaded-still" role="status">
            {t('notDownloaded.stillMissing')}
          </p>
        )}
      </div>
    </Page>
  );
}
