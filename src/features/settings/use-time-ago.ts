import { useTranslation } from '../../i18n/use-translation';
import { splitAge } from '../../i18n/format';

/** "3 days ago" (or "just now") in the reader's language, for an ISO time; '' when it cannot be read. */
export function useTimeAgo(): (iso: string, nowMs: number) => string {
  const { t } = useTranslation('settings');
  return (iso, nowMs) => {
    const age = splitAge(iso, nowMs);
    if (!age) return '';
    return age.unit === 'justNow' ? t('ago.justNow') : t(`ago.${age.unit}`, { count: age.value });
  };
}
