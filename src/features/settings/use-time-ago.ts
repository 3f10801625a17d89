import { useTranslation } from 'react-i18next';
import { splitAge } from '../../i18n/format';

/** "3 days ago" in the reader's language, for an ISO time; '' when the time cannot be read. */
export function useTimeAgo(): (iso: string, nowMs: number) => string {
  const { t } = useTranslation('settings');
  return (iso, nowMs) => {
    const age = splitAge(iso, nowMs);
    return age ? t(`ago.${age.unit}`, { count: age.value }) : '';
  };
}
