import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { localizedName } from '../../core/model';
import { BackupError, importBackup, readBackupFile, type ImportSummary, type ParsedBackup } from '../../db/backup';
import { db } from '../../db/instance';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { isQuotaError } from '../../db/storage';
import { useLanguage } from '../../ui/use-app-data';
import { useBytes } from './use-bytes';

type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'ready'; backup: ParsedBackup; fileName: string }
  | { kind: 'importing'; backup: ParsedBackup; fileName: string }
  | { kind: 'done'; summary: ImportSummary; chosenCommunity: string | null }
  | { kind: 'refused'; problem: string };

/**
 * Brings in a backup file: the whole file is checked first and its contents shown; nothing is
 * changed until the person confirms, and then all of it is added or none.
 */
export function BackupImportCard() {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const outcome = useRef<HTMLDivElement>(null);

  // What the file holds, why it was refused, or what was added: brought into view and announced.
  useEffect(() => {
    if (step.kind === 'ready' || step.kind === 'refused' || step.kind === 'done') outcome.current?.focus();
  }, [step.kind]);

  async function onPick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setStep({ kind: 'checking' });
    try {
      setStep({ kind: 'ready', backup: await readBackupFile(file), fileName: file.name });
    } catch (error) {
      setStep({ kind: 'refused', problem: error instanceof BackupError ? `backup.problem.${error.problem}` : 'backup.problem.unreadable' });
    }
  }

  async function bringIn(backup: ParsedBackup, fileName: string) {
    setStep({ kind: 'importing', backup, fileName });
    try {
      const summary = await importBackup(db, backup);
      const chosen = summary.communityChosen && backup.header.community ? localizedName(backup.header.community.name, lang) : null;
      setStep({ kind: 'done', summary, chosenCommunity: chosen });
    } catch (error) {
      setStep({ kind: 'refused', problem: isQuotaError(error) ? 'backup.problem.storage_full' : 'backup.problem.import_failed' });
    }
  }

  const busy = step.kind === 'checking' || step.kind === 'importing';
  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">{t('backup.importTitle')}</h2>
      <p className="field-hint">{t('backup.importHint')}</p>
      <div className="field">
        <label htmlFor={id} className="button file-picker">
          {step.kind === 'checking' ? t('backup.checking') : t('backup.choose')}
        </label>
        <input id={id} className="visually-hidden" type="file" onChange={(event) => void onPick(event)} disabled={busy} />
      </div>
      <div ref={outcome} tabIndex={-1} className="backup-outcome">
        {step.kind === 'refused' && (
          <p className="field-error" role="alert" data-testid="backup-problem">
            {t(step.problem)}
          </p>
        )}
        {(step.kind === 'ready' || step.kind === 'importing') && (
          <BackupPreview
            backup={step.backup}
            fileName={step.fileName}
            busy={step.kind === 'importing'}
            onConfirm={() => void bringIn(step.backup, step.fileName)}
            onCancel={() => setStep({ kind: 'idle' })}
          />
        )}
        {step.kind === 'done' && <ImportResult summary={step.summary} chosenCommunity={step.chosenCommunity} />}
      </div>
    </section>
  );
}

function BackupPreview({
  backup,
  fileName,
  busy,
  onConfirm,
  onCancel,
}: {
  backup: ParsedBackup;
  fileName: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
  const bytes = useBytes();
  const { header } = backup;
  return (
    <div className="backup-preview" data-testid="backup-preview">
      <h3>{t('backup.previewTitle')}</h3>
      <p className="backup-file-name">{fileName}</p>
      <dl className="facts">
        <div>
          <dt>{t('backup.fromCommunity')}</dt>
          <dd>{header.community ? localizedName(header.community.name, lang) : t('unknown')}</dd>
        </div>
        <div>
          <dt>{t('backup.madeAt')}</dt>
          <dd>{formatDateTime(header.createdAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('backup.scope')}</dt>
          <dd>{header.scope === 'all' ? t('backup.scopeAllShort') : t('backup.scopeUnsyncedShort')}</dd>
        </div>
        <div>
          <dt>{t('backup.records')}</dt>
          <dd>{formatNumber(header.counts.docs, lang)}</dd>
        </div>
        <div>
          <dt>{t('backup.changes')}</dt>
          <dd>{formatNumber(header.counts.changes, lang)}</dd>
        </div>
        <div>
          <dt>{t('backup.files')}</dt>
          <dd>
            {formatNumber(header.counts.photos, lang)} · {bytes(header.counts.photoBytes)}
          </dd>
        </div>
      </dl>
      <p className="field-hint">{t('backup.mergeHint')}</p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onConfirm} disabled={busy}>
          {busy ? t('backup.importing') : t('backup.confirm')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {tc('actions.cancel')}
        </button>
      </div>
    </div>
  );
}

function ImportResult({ summary, chosenCommunity }: { summary: ImportSummary; chosenCommunity: string | null }) {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  const n = (value: number) => formatNumber(value, lang);
  return (
    <div className="notice notice-done" role="status" data-testid="backup-summary">
      <p className="notice-title">{t('backup.doneTitle')}</p>
      <dl className="facts">
        <div>
          <dt>{t('backup.added')}</dt>
          <dd data-testid="summary-added">{n(summary.added)}</dd>
        </div>
        <div>
          <dt>{t('backup.updated')}</dt>
          <dd>{n(summary.updated)}</dd>
        </div>
        <div>
          <dt>{t('backup.unchanged')}</dt>
          <dd>{n(summary.unchanged)}</dd>
        </div>
        <div>
          <dt>{t('backup.photosAdded')}</dt>
          <dd data-testid="summary-photos">{n(summary.photosAdded)}</dd>
        </div>
        <div>
          <dt>{t('backup.queued')}</dt>
          <dd data-testid="summary-queued">{n(summary.changesQueued)}</dd>
        </div>
      </dl>
      {summary.changesQueued + summary.photosAdded > 0 && <p>{t('backup.queuedHint')}</p>}
      {summary.leftOut > 0 && <p data-testid="summary-left-out">{t('backup.leftOut', { count: summary.leftOut, n: n(summary.leftOut) })}</p>}
      {chosenCommunity && (
        <>
          <p>{t('backup.communityChosen', { name: chosenCommunity })}</p>
          <p className="link-row">
            <Link to="/assets" className="button button-primary">
              {t('backup.openAssets')}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
