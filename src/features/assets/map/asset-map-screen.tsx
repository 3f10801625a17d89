import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from '../../../i18n/use-translation';
import { useNavigate } from 'react-router';
import { localizedName, type Asset, type GeoPoint } from '../../../core/model';
import { listReadableAssets } from '../../../db/assets';
import { db } from '../../../db/instance';
import { BadLayerFile, importGeoJsonLayer, importPmtilesLayer } from '../../../db/map-layers';
import { isQuotaError } from '../../../db/storage';
import { getMeta } from '../../../db/meta';
import type { ServerConfig } from '../../../sync/server-config';
import { Page } from '../../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../../ui/use-app-data';
import { ASSETS_MAX_ZOOM, AssetMap, type MapAsset } from '../../../ui/map/asset-map';
import { afterPaint } from '../../../ui/when-idle';

/** The community's assets on a map that works with no network at all. Loaded only on this screen. */
export function AssetMapScreen() {
  const { t } = useTranslation('assets');
  const lang = useLanguage();
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  const element = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<AssetMap | null>(null);
  const assets = useLiveQuery(() => (community ? listReadableAssets(db, community.id) : Promise.resolve([])), [community?.id]);
  const units = useLiveQuery(() => db.adminUnits.toArray(), []);
  const layers = useLiveQuery(() => db.mapLayers.toArray(), []);
  const config = useLiveQuery(async () => (await getMeta<ServerConfig>(db, 'serverConfig')) ?? null, []);

  // The map opens on the assets once they are read, so it is laid out and drawn once, and after the
  // screen around it is on screen, in a task of its own (Leaflet's set-up and first drawing take
  // tens of ms on a slow phone).
  const located = useMemo(() => assets?.flatMap((asset) => (asset.location ? [mapAsset(asset, asset.location)] : [])), [assets]);
  const firstPlaces = useRef<readonly MapAsset[]>([]);
  useEffect(() => {
    if (located) firstPlaces.current = located;
  }, [located]);
  const read = located !== undefined;
  useEffect(() => {
    const place = element.current;
    if (!place || !read) return undefined;
    let created: AssetMap | null = null;
    const online = () => created?.setOnline(true);
    const offline = () => created?.setOnline(false);
    const cancel = afterPaint(() => {
      created = new AssetMap({
        element: place,
        basemapAttribution: t('map.credits'),
        language: lang,
        openLabel: t('map.openAsset'),
        onOpen: (id) => void navigate(`/assets/${id}`),
        firstView: { places: firstPlaces.current, maxZoom: ASSETS_MAX_ZOOM },
      });
      created.setOnline(navigator.onLine);
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      setMap(created);
    });
    return () => {
      cancel();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      created?.destroy();
      setMap(null);
    };
  }, [navigate, t, lang, read]);

  // A new answer from the server changes the background only: the map, its view and an open popup stay.
  useEffect(() => {
    if (map && config !== undefined) map.setTileSource(config && { url: config.tileUrl, attribution: config.tileAttribution });
  }, [map, config]);

  useEffect(() => {
    if (map && located) map.setAssets(located);
  }, [map, located]);

  useEffect(() => {
    if (map && units)
      map.showCentres(
        units.filter((unit) => unit.level !== 'rayon' || (community?.rayonCode ?? '').slice(0, 5) === unit.code.slice(0, 5)),
        (unit) => localizedName(unit.name, lang),
      );
  }, [map, units, lang, community?.rayonCode]);

  useEffect(() => {
    if (map && layers) map.setOverlays(layers.filter((layer) => layer.visible));
  }, [map, layers]);

  const withoutPlace = assets && located ? assets.length - located.length : 0;

  return (
    <Page title={t('map.title')} backTo="/assets">
      <div ref={element} className="asset-map" role="region" aria-label={t('map.title')} data-testid="asset-map" />
      {withoutPlace > 0 && <p className="field-hint">{t('map.withoutPlace', { count: withoutPlace })}</p>}
      <LayerImport />
    </Page>
  );
}

/** An asset with a place, as the map draws it. */
function mapAsset(asset: Asset, location: GeoPoint): MapAsset {
  return { id: asset.id, name: asset.name, category: asset.category, lat: location.lat, lng: location.lng };
}

/** A coordinator adds a GeoJSON layer (e.g. community boundaries); it is kept on this phone. */
function LayerImport() {
  const { t } = useTranslation('assets');
  const layers = useLiveQuery(() => db.mapLayers.toArray(), []);
  const [problem, setProblem] = useState<string | null>(null);

  async function onPick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setProblem(null);
    try {
      if (/\.pmtiles$/i.test(file.name)) await importPmtilesLayer(db, file.name, file);
      else await importGeoJsonLayer(db, file.name, await file.text());
    } catch (error) {
      setProblem(
        error instanceof BadLayerFile
          ? `map.layerProblem.${error.reason}`
          : isQuotaError(error)
            ? 'map.layerProblem.storage_full'
            : 'map.layerProblem.not_json',
      );
    }
  }

  return (
    <section className="card map-layers" aria-labelledby="layers-title">
      <h2 id="layers-title">{t('map.layers')}</h2>
      {layers && layers.length > 0 && (
        <ul className="file-list">
          {layers.map((layer) => (
            <li key={layer.id} className="map-layer">
              <label className="choice">
                <input type="checkbox" checked={layer.visible} onChange={(event) => void db.mapLayers.update(layer.id, { visible: event.target.checked })} />
                <span>
                  {layer.name} ({layer.kind === 'pmtiles' ? t('map.tiles', { count: layer.featureCount }) : t('map.features', { count: layer.featureCount })})
                </span>
              </label>
              <button type="button" className="button button-danger-outline" onClick={() => void db.mapLayers.delete(layer.id)}>
                {t('map.removeLayer')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor="layer-file" className="button file-picker">
        {t('map.addLayer')}
      </label>
      <input id="layer-file" className="visually-hidden" type="file" accept=".geojson,.json,.pmtiles,application/geo+json,application/json" onChange={onPick} />
      <p className="field-hint">{t('map.layerHint')}</p>
      {problem && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
    </section>
  );
}
