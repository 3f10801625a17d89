import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/use-translation';
import type { GeoPoint } from '../core/model';
import { db } from '../db/instance';
import { DEFAULT_GPS_ACCURACY_LIMIT_M, readGpsAccuracyLimit } from '../db/settings';
import { formatNumber } from '../i18n/format';
import { useLanguage } from './use-app-data';
import { useFormats } from './use-formats';

// The map is loaded only when someone opens it to place a pin.
const PinPicker = lazy(async () => ({ default: (await import('./map/pin-picker')).PinPicker }));

type Watch = { state: 'idle' } | { state: 'searching'; fix: GeoPoint | null } | { state: 'failed'; reason: 'denied' | 'unavailable' | 'unsupported' };

/**
 * A record's position: from the phone's GPS, with the accuracy shown live while it improves, and
 * a warning when it is worse than the limit; or typed in by hand.
 */
export function LocationField({ value, onChange }: { value: GeoPoint | null; onChange: (value: GeoPoint | null) => void }) {
  const { t } = useTranslation('assets');
  // Positions less precise than this (the radius, in metres, of the phone's 68% circle) get a
  // warning; set in Settings.
  const limitM = useLiveQuery(() => readGpsAccuracyLimit(db), []) ?? DEFAULT_GPS_ACCURACY_LIMIT_M;
  const lang = useLanguage();
  const format = useFormats();
  const [watch, setWatch] = useState<Watch>({ state: 'idle' });
  const watchId = useRef<number | null>(null);
  const [manual, setManual] = useState(false);
  const [onMap, setOnMap] = useState(false);

  const stop = () => {
    if (watchId.current !== null) navigator.geolocation.clearWatch(watchId.current);
    watchId.current = null;
  };
  useEffect(() => stop, []);

  function start() {
    if (!('geolocation' in navigator)) {
      setWatch({ state: 'failed', reason: 'unsupported' });
      return;
    }
    stop();
    setWatch({ state: 'searching', fix: null });
    watchId.current = navigator.geolocation.watchPosition(
      (position) => {
        const fix: GeoPoint = {
          lat: Math.round(position.coords.latitude * 1e6) / 1e6,
          lng: Math.round(position.coords.longitude * 1e6) / 1e6,
          accuracy: Math.round(position.coords.accuracy),
        };
        // Keep the best fix seen: the first ones after switching GPS on are often poor.
        setWatch((current) => ({
          state: 'searching',
          fix: current.state === 'searching' && current.fix && (current.fix.accuracy ?? Infinity) < fix.accuracy! ? current.fix : fix,
        }));
      },
      (error) => {
        stop();
        setWatch({ state: 'failed', reason: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' });
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 60_000 },
    );
  }

  function accept(fix: GeoPoint) {
    stop();
    setWatch({ state: 'idle' });
    onChange(fix);
  }

  const metres = (value: number) => t('location.metres', { value: formatNumber(value, lang) });
  const fix = watch.state === 'searching' ? watch.fix : null;

  return (
    <fieldset className="field location-field">
      <legend>{t('field.location')}</legend>
      {value ? (
        <p className="location-value" data-testid="location-value">
          {format.coordinates(value)}
          {value.accuracy !== undefined && ` · ±${metres(value.accuracy)}`}
        </p>
      ) : (
        <p className="field-hint">{t('location.none')}</p>
      )}
      {value?.accuracy !== undefined && value.accuracy > limitM && (
        <p className="notice notice-warning">{t('location.poorSaved', { limit: metres(limitM) })}</p>
      )}
      {watch.state === 'searching' && (
        <div className="location-live" aria-live="polite">
          {fix ? (
            <>
              <p>
                {t('location.accuracy')}: <strong data-testid="live-accuracy">±{metres(fix.accuracy!)}</strong>
              </p>
              {fix.accuracy! > limitM && <p className="notice notice-warning">{t('location.poor', { limit: metres(limitM) })}</p>}
              <button type="button" className="button button-primary" onClick={() => accept(fix)}>
                {t('location.use')}
              </button>
            </>
          ) : (
            <p>{t('location.searching')}</p>
          )}
        </div>
      )}
      {watch.state === 'failed' && (
        <p className="field-error" role="alert">
          {t(`location.failed.${watch.reason}`)}
        </p>
      )}
      <div className="form-actions">
        {watch.state !== 'searching' && (
          <button type="button" className="button" onClick={start}>
            {value ? t('location.again') : t('location.gps')}
          </button>
        )}
        <button type="button" className="button" onClick={() => setOnMap((open) => !open)} aria-expanded={onMap}>
          {t('location.onMap')}
        </button>
        <button type="button" className="button" onClick={() => setManual((open) => !open)} aria-expanded={manual}>
          {t('location.byHand')}
        </button>
        {value && (
          <button type="button" className="button button-danger-outline" onClick={() => onChange(null)}>
            {t('location.clear')}
          </button>
        )}
      </div>
      {onMap && (
        <Suspense fallback={<p className="field-hint">{t('location.mapLoading')}</p>}>
          <PinPicker
            value={value}
            onPick={(position) => {
              stop();
              setWatch({ state: 'idle' });
              setOnMap(false);
              onChange(position);
            }}
          />
        </Suspense>
      )}
      {manual && <ManualPosition value={value} onChange={onChange} />}
    </fieldset>
  );
}

/** Latitude and longitude typed in (from a paper map, or another device), in decimal degrees. */
function ManualPosition({ value, onChange }: { value: GeoPoint | null; onChange: (value: GeoPoint) => void }) {
  const { t } = useTranslation('assets');
  const { t: te } = useTranslation('errors');
  const [lat, setLat] = useState(value ? String(value.lat) : '');
  const [lng, setLng] = useState(value ? String(value.lng) : '');
  const [error, setError] = useState<string | null>(null);
  function apply() {
    const latitude = Number(lat.replace(',', '.'));
    const longitude = Number(lng.replace(',', '.'));
    if (!lat.trim() || !lng.trim() || !Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      setError('out_of_range');
      return;
    }
    setError(null);
    onChange({ lat: latitude, lng: longitude });
  }
  return (
    <div className="field-row location-manual">
      <div className="field">
        <label htmlFor="asset-lat">{t('location.lat')}</label>
        <input id="asset-lat" type="text" inputMode="decimal" value={lat} onChange={(event) => setLat(event.target.value)} placeholder="40.06" />
      </div>
      <div className="field">
        <label htmlFor="asset-lng">{t('location.lng')}</label>
        <input id="asset-lng" type="text" inputMode="decimal" value={lng} onChange={(event) => setLng(event.target.value)} placeholder="70.82" />
      </div>
      <button type="button" className="button" onClick={apply}>
        {t('location.set')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {te(error)}
        </p>
      )}
    </div>
  );
}
