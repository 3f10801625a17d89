import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { GeoPoint } from '../../core/model';
import { db } from '../../db/instance';
import { getMeta } from '../../db/meta';
import type { ServerConfig } from '../../sync/server-config';
import { useLanguage } from '../use-app-data';
import { useFormats } from '../use-formats';
import { AssetMap } from './asset-map';

/** How close the map opens on a pin already placed (a few streets). */
const PIN_ZOOM = 15;

/** A map to place the asset's pin by hand (works offline on the shipped background). */
export function PinPicker({ value, onPick }: { value: GeoPoint | null; onPick: (position: GeoPoint) => void }) {
  const { t } = useTranslation('assets');
  const lang = useLanguage();
  const format = useFormats();
  const element = useRef<HTMLDivElement>(null);
  const config = useLiveQuery(async () => (await getMeta<ServerConfig>(db, 'serverConfig')) ?? null, []);
  const [map, setMap] = useState<AssetMap | null>(null);
  const [picked, setPicked] = useState<{ lat: number; lng: number } | null>(null);
  const initial = useRef(value);

  useEffect(() => {
    if (!element.current) return undefined;
    const created = new AssetMap({
      element: element.current,
      basemapAttribution: t('map.credits'),
      language: lang,
      openLabel: t('map.openAsset'),
      onOpen: () => undefined,
      firstView: { places: initial.current ? [initial.current] : [], maxZoom: PIN_ZOOM },
    });
    created.setOnline(navigator.onLine);
    created.pickPosition(initial.current, t('location.pin'), setPicked);
    setMap(created);
    return () => {
      created.destroy();
      setMap(null);
    };
  }, [t, lang]);

  // A new answer from the server changes the background only: the pin stays where it was put.
  useEffect(() => {
    if (map && config !== undefined) map.setTileSource(config && { url: config.tileUrl, attribution: config.tileAttribution });
  }, [map, config]);

  return (
    <div className="pin-picker">
      <p className="field-hint">{t('location.pinHint')}</p>
      <div ref={element} className="asset-map pin-map" data-testid="pin-map" />
      {picked && <p className="location-value">{format.coordinates(picked)}</p>}
      <button type="button" className="button button-primary" disabled={!picked} onClick={() => picked && onPick({ lat: picked.lat, lng: picked.lng })}>
        {t('location.usePin')}
      </button>
    </div>
  );
}
