import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { COLLECTIONS } from '../../core/model';
import { removeSentFiles, sentFilesSize } from '../../db/attachments';
import { readHealth, type StorageHealth } from '../../db/health';
import { db } from '../../db/instance';
import { requestPersistence } from '../../db/storage';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { Page } from '../../ui/page';
import { useLanguage } from '../../ui/use-app-data';
import { useBytes } from './use-bytes';
import { useStorageStatus } from './use-storage-status';
import { useTimeAgo } from './use-time-ago';

/** Ticks once a minute, so "2 hours ago" stays true while the screen is open. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** Is the work on this phone safe? What waits to be sent, since when, and how full storage is. */
export function StorageScreen() {
  const { t } = useTranslation('settings');
  const now = useMinuteClock();
  const health = useLiveQuery(() => readHealth(db, now), [now]);
  return (
    <Page title={t('health.title')} backTo="/settings">
      {health && health.stale && <StaleWarning health={health} now={now} />}
      {health && <PendingCard health={health} now={now} />}
      <StorageCard trigger={health?.changes.count} />
      <FreeSpaceCard />
    </Page>
  );
}

function StaleWarning({ health, now }: { health: StorageHealth; now: number }) {
  const { t } = useTranslation('settings');
  const ago = useTimeAgo();
  return (
    <div className="notice notice-warning" role="alert" data-testid="stale-warning">
      <p className="notice-title">{t('health.staleTitle')}</p>
      <p>{t('health.staleText', { since: ago(health.oldestUnsyncedAt!, now) })}</p>
      <p className="link-row">
        <Link to="/settings" className="button button-primary">
          {t('health.goSync')}
        </Link>
        <Link to="/settings/backup" className="button">
          {t('health.makeBackup')}
        </Link>
      </p>
    </div>
  );
}

function PendingCard({ health, now }: { health: StorageHealth; now: number }) {
  const { t } = useTranslation('settings');
  const { t: ts } = useTranslation('sync');
  const lang = useLanguage();
  const bytes = useBytes();
  const ago = useTimeAgo();
  // "4 days ago" and the date: beside the label when they fit, under it when not (see .facts).
  const when = (label: string, iso: string | null, testId?: string) => (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>
        {iso ? (
          <>
            {ago(iso, now)} <span className="facts-note">{formatDateTime(iso, lang)}</span>
          </>
        ) : (
          t('health.never')
        )}
      </dd>
    </div>
  );
  const { changes, files } = health;
  const nothingWaits = changes.count === 0 && files.count === 0;
  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('health.pendingTitle')}</h2>
      {nothingWaits && <p className="notice notice-success">{t('health.allSent')}</p>}
      <dl className="facts">
        <div>
          <dt>{t('health.changes')}</dt>
          <dd data-testid="health-changes">{formatNumber(changes.count, lang)}</dd>
        </div>
        {COLLECTIONS.filter((collection) => changes.byCollection[collection]).map((collection) => (
          <div key={collection} className="facts-sub">
            <dt>{ts(`collection.${collection}`)}</dt>
            <dd>{formatNumber(changes.byCollection[collection]!, lang)}</dd>
          </div>
        ))}
        {changes.refused > 0 && (
          <div>
            <dt>{t('health.refused')}</dt>
            <dd>{formatNumber(changes.refused, lang)}</dd>
          </div>
        )}
        {changes.oldestAt && when(t('health.oldestChange'), changes.oldestAt)}
        <div>
          <dt>{t('health.files')}</dt>
          <dd data-testid="health-files">
            {formatNumber(files.count, lang)}
            {files.count > 0 && ` · ${bytes(files.bytes)}`}
          </dd>
        </div>
        {files.oldestAt && when(t('health.oldestFile'), files.oldestAt)}
        {when(t('health.lastSync'), health.lastSyncAt, 'health-last-sync')}
        {when(t('health.lastBackup'), health.lastBackupAt)}
      </dl>
    </section>
  );
}

function StorageCard({ trigger }: { trigger: unknown }) {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  const bytes = useBytes();
  const { status, refresh } = useStorageStatus(trigger);
  const [asked, setAsked] = useState<boolean | null | undefined>(undefined);

  async function ask() {
    setAsked(await requestPersistence());
    refresh();
  }

  if (!status) return null;
  const share = status.usageBytes !== null && status.quotaBytes ? Math.min(100, (status.usageBytes / status.quotaBytes) * 100) : null;
  return (
    <section className="card" aria-labelledby="device-storage-title">
      <h2 id="device-storage-title">{t('health.storageTitle')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('storage.persisted')}</dt>
          <dd data-testid="health-persisted">{status.persisted === null ? t('unknown') : status.persisted ? t('storage.yes') : t('storage.no')}</dd>
        </div>
        <div>
          <dt>{t('storage.used')}</dt>
          <dd data-testid="health-used">
            {bytes(status.usageBytes)}
            {share !== null && ` · ${t('health.percent', { value: formatNumber(Math.round(share * 10) / 10, lang) })}`}
          </dd>
        </div>
        <div>
          <dt>{t('storage.quota')}</dt>
          <dd>{bytes(status.quotaBytes)}</dd>
        </div>
      </dl>
      <p className="field-hint">{status.persisted ? t('health.persistedHint') : t('storage.notPersistedHint')}</p>
      {!status.persisted && (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void ask()}>
            {t('health.askPersist')}
          </button>
        </div>
      )}
      {asked === false && (
        <p className="field-error" role="status">
          {t('health.persistRefused')}
        </p>
      )}
      {asked === null && (
        <p className="field-error" role="status">
          {t('health.persistUnsupported')}
        </p>
      )}
    </section>
  );
}

/** On a full phone: the full-size files the server already has can go; records and thumbnails stay. */
function FreeSpaceCard() {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  const bytes = useBytes();
  const sent = useLiveQuery(() => sentFilesSize(db), []);
  const [freed, setFreed] = useState<{ count: number; bytes: number } | null>(null);
  const [busy, setBusy] = useState(false);

  async function free() {
    setBusy(true);
    try {
      setFreed(await removeSentFiles(db));
    } finally {
      setBusy(false);
    }
  }

  if (!sent) return null;
  return (
    <section className="card" aria-labelledby="free-space-title">
      <h2 id="free-space-title">{t('health.freeTitle')}</h2>
      {sent.count > 0 ? (
        <>
          <p>{t('health.freeText', { n: formatNumber(sent.count, lang), size: bytes(sent.bytes) })}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => void free()} disabled={busy}>
              {t('health.freeButton')}
            </button>
          </div>
        </>
      ) : (
        !freed && <p className="field-hint">{t('health.freeNothing')}</p>
      )}
      {freed && (
        <p className="notice notice-success" role="status">
          {t('health.freed', { n: formatNumber(freed.count, lang), size: bytes(freed.bytes) })}
        </p>
      )}
    </section>
  );
}
