import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/use-translation';
import type { GeoPoint } from '../core/model';
import { formatNumber } from '../i18n/format';
import { IconAssets } from './icons';
import { useLanguage } from './use-app-data';

// The pieces every list card shares. A card is its title, over the whole width (a long Kyrgyz or
// Russian word needs all of it on a 360 px phone), then its picture beside its details. Everything
// wraps in full: no card has a fixed height, nothing is cut.

/**
 * A card's picture beside its details. The picture is the thumbnail the record carries (no file is
 * fetched, so it shows offline and costs no data), or `fallback` (an icon) when the record has no
 * photo; nothing when neither. Decorative: the card's title says what it is.
 */
export function CardBody({ thumb, fallback, children }: { thumb: string | null; fallback?: ReactNode; children: ReactNode }) {
  return (
    <span className="card-body">
      {thumb ? (
        <img className="card-picture" src={thumb} alt="" width={48} height={48} decoding="async" />
      ) : (
        fallback && <span className="card-picture card-icon">{fallback}</span>
      )}
      <span className="card-details">{children}</span>
    </span>
  );
}

/**
 * That a record has a position, and how sure it is: "±12 m" for a GPS fix (the radius of the
 * phone's 68% circle), the pin alone for a point placed by hand or typed in.
 */
export function PlaceNote({ location }: { location: GeoPoint }) {
  const { t } = useTranslation('assets');
  const lang = useLanguage();
  const accuracy = location.accuracy;
  return (
    <span className="place-note" data-testid="place-note">
      <IconAssets />
      <span className="visually-hidden">{accuracy === undefined ? t('field.location') : `${t('location.accuracy')}: `}</span>
      {accuracy !== undefined && `±${t('location.metres', { value: formatNumber(accuracy, lang) })}`}
    </span>
  );
}
