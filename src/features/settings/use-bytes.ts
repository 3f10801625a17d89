import { useTranslation } from '../../i18n/use-translation';
import { formatNumber, splitBytes } from '../../i18n/format';
import { useLanguage } from '../../ui/use-app-data';

/** Formats a byte count in the reader's language ("1,5 МБ"); null reads as "unknown". */
export function useBytes(): (value: number | null) => string {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  return (value) => {
    if (value === null) return t('unknown');
    const { value: amount, unit } = splitBytes(value);
    return t(`bytes.${unit}`, { value: formatNumber(amount, lang) });
  };
}
