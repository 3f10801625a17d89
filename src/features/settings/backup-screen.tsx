import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { exportBackup, type BackupFile, type BackupScope } from '../../db/backup';
import { unsentFiles } from '../../db/saved-files';
import { db } from '../../db/instance';
import { formatNumber } from '../../i18n/format';
import { Page } from '../../ui/page';
import { useLanguage } from '../../ui/use-app-data';
import { BackupImportCard } from './backup-import-card';
import { useBytes } from './use-bytes';

/** Backup and transfer with no network: make a file here, bring one in from another phone. */
export function BackupScreen() {
  const { t } = useTranslation('settings');
  const counts = useExportCounts();
  if (counts === undefined) return null;
  const exportCard = <BackupExportCard key="export" counts={counts} />;
  const importCard = <BackupImportCard key="import" />;
  // A phone with nothing on it is here to bring a file in: that comes first. Keyed, so a card
  // moves rather than starts over when the order changes (the first import fills the phone).
  const empty = counts.records + counts.files + counts.changes === 0;
  return (
    <Page title={t('backup.title')} backTo="/settings">
      <p className="lead">{t('backup.lead')}</p>
      {empty ? [importCard, exportCard] : [exportCard, importCard]}
    </Page>
  );
}

type ExportCounts = { changes: number; pendingFiles: number; files: number; records: number };

/** What each choice would put in the file, counted live. */
function useExportCounts(): ExportCounts | undefined {
  return useLiveQuery(async () => {
    const [changes, pendingFiles, files, ...records] = await Promise.all([
      db.outbox.count(),
      unsentFiles(db).then((files) => files.length),
      db.photos.count(),
      ...db.docTables.map((table) => table.count()),
    ]);
    return { changes, pendingFiles, files, records: records.reduce((sum, count) => sum + count, 0) };
  }, []);
}

function BackupExportCard({ counts }: { counts: ExportCounts }) {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  const bytes = useBytes();
  const [scope, setScope] = useState<BackupScope>('unsynced');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<(BackupFile & { url: string }) | null>(null);

  // The file's address lives as long as the screen shows it.
  useEffect(() => {
    if (!made) return;
    return () => URL.revokeObjectURL(made.url);
  }, [made]);

  async function make() {
    setBusy(true);
    setProblem(null);
    try {
      const file = await exportBackup(db, { scope, appVersion: __APP_VERSION__, language: lang });
      const url = URL.createObjectURL(file.blob);
      setMade({ ...file, url });
      save(url, file.fileName);
    } catch {
      setProblem('backup.exportFailed');
    } finally {
      setBusy(false);
    }
  }

  const nothingToSave = scope === 'unsynced' && counts.changes + counts.pendingFiles === 0;
  const n = (value: number) => formatNumber(value, lang);
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">{t('backup.exportTitle')}</h2>
      <fieldset className="choices">
        <legend>{t('backup.scopeLegend')}</legend>
        <label className="choice">
          <input type="radio" name="backup-scope" checked={scope === 'unsynced'} onChange={() => setScope('unsynced')} />
          <span>{t('backup.scopeUnsynced', { changes: n(counts.changes), files: n(counts.pendingFiles) })}</span>
        </label>
        <label className="choice">
          <input type="radio" name="backup-scope" checked={scope === 'all'} onChange={() => setScope('all')} />
          <span>{t('backup.scopeAll', { records: n(counts.records), files: n(counts.files) })}</span>
        </label>
      </fieldset>
      {nothingToSave && <p className="field-hint">{t('backup.nothingUnsynced')}</p>}
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => void make()} disabled={busy || nothingToSave}>
          {busy ? t('backup.making') : t('backup.make')}
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
      {made && (
        <div className="notice notice-done backup-made" role="status" data-testid="backup-made">
          <p className="notice-title backup-file-name">{t('backup.made', { name: made.fileName, size: bytes(made.blob.size) })}</p>
          <p className="field-hint">{t('backup.howToPass')}</p>
          <div className="form-actions">
            <a className="button" href={made.url} download={made.fileName}>
              {t('backup.saveAgain')}
            </a>
            <ShareButton key={made.url} file={made} />
          </div>
        </div>
      )}
    </section>
  );
}

/** Starts the download the same way a tap on the link does. */
function save(url: string, fileName: string) {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** On Android, hands the file to Bluetooth, a messenger or e-mail; shown only where the browser can. */
function ShareButton({ file }: { file: BackupFile }) {
  const { t } = useTranslation('settings');
  const [shared] = useState(() => new File([file.blob], file.fileName, { type: 'application/json' }));
  const canShare = typeof navigator.canShare === 'function' && navigator.canShare({ files: [shared] });
  if (!canShare) return null;
  return (
    <button type="button" className="button" onClick={() => void navigator.share({ files: [shared], title: file.fileName }).catch(() => undefined)}>
      {t('backup.share')}
    </button>
  );
}
