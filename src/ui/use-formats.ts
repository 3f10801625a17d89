import { useTranslation } from '../i18n/use-translation';
import type { GeoPoint } from '../core/model';
import { formatCoordinates, formatPeriod, type Translate } from '../i18n/format';
import { useLanguage } from './use-app-data';

/** The formats whose words come from the translation files, bound to the reader's language. */
export function useFormats(): { period: (from?: string, to?: string) => string; coordinates: (point: Pick<GeoPoint, 'lat' | 'lng'>) => string } {
  const { t } = useTranslation();
  const lang = useLanguage();
  const translate: Translate = (key, values) => t(key, values ?? {});
  return {
    period: (from, to) => formatPeriod(from, to, lang, translate),
    coordinates: (point) => formatCoordinates(point, lang, translate),
  };
}
