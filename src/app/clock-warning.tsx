import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/use-translation';
import { readClockCheck, serverTimeIfClockWrong } from '../db/clock';
import { db } from '../db/instance';
import { formatDateTime } from '../i18n/format';
import { useLanguage } from '../ui/use-app-data';

/** How often the phone's clock is read again, so the warning follows a date someone has just set. */
const RECHECK_MS = 15_000;

/**
 * "The date or time on this phone is wrong", with both times, while the last sync found the phone's
 * clock more than five minutes off the server's. It has no close button: it goes by itself once the
 * clock is right (its date moved back past the measurement, or the next sync measuring a small
 * difference; the app syncs when it is shown again after the person visited the phone's settings).
 */
export function ClockWarning() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = useLiveQuery(() => readClockCheck(db), []);
  const phoneMs = usePhoneTime();
  const serverMs = check ? serverTimeIfClockWrong(check, phoneMs) : null;
  if (serverMs === null) return null;
  return (
    <div className="clock-warning" role="status" data-no-snapshot="">
      <p className="clock-warning-title">{t('clock.wrong')}</p>
      <p>{t('clock.fix')}</p>
      <dl>
        <dt>{t('clock.phone')}</dt>
        <dd>{formatDateTime(new Date(phoneMs).toISOString(), lang)}</dd>
        <dt>{t('clock.server')}</dt>
        <dd>{formatDateTime(new Date(serverMs).toISOString(), lang)}</dd>
      </dl>
    </div>
  );
}

function usePhoneTime(): number {
  const [phoneMs, setPhoneMs] = useState(() => db.wallClock());
  useEffect(() => {
    const read = () => setPhoneMs(db.wallClock());
    const timer = setInterval(read, RECHECK_MS);
    // Back from the phone's settings: read the clock at once.
    document.addEventListener('visibilitychange', read);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', read);
    };
  }, []);
  return phoneMs;
}
