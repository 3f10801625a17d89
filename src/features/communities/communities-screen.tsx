import { useState, type ChangeEvent } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { localizedName } from '../../core/model';
import { importCommunitiesCsv, type CommunityImportReport } from '../../db/community-import';
import { db } from '../../db/instance';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { useLanguage } from '../../ui/use-app-data';
import { CommunityForm } from './community-form';
import { useGazetteer } from './use-gazetteer';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The list of communities on this phone: add one by hand or import the COD-AB gazetteer. */
export function CommunitiesScreen() {
  const { t } = useTranslation('gazetteer');
  const lang = useLanguage();
  const gazetteer = useGazetteer(lang);
  const [adding, setAdding] = useState(false);
  const [report, setReport] = useState<CommunityImportReport | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    setReport(null);
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setFileError(t('import.tooBig'));
      return;
    }
    const text = await file.text();
    setReport(await importCommunitiesCsv(db, text));
  }

  if (!gazetteer) return null;
  return (
    <Page title={t('title')} backTo="/settings">
      <section aria-labelledby="import-title" className="card">
        <h2 id="import-title">{t('import.title')}</h2>
        <p className="field-hint">{t('import.hint')}</p>
        <label className="button file-button">
          {t('import.choose')}
          <input type="file" accept=".csv,text/csv" onChange={onFile} className="visually-hidden" />
        </label>
        {fileError && (
          <p className="field-error" role="alert">
            {fileError}
          </p>
        )}
        {report && <ImportReport report={report} />}
      </section>
      {adding ? (
        <CommunityForm gazetteer={gazetteer} onAdded={() => setAdding(false)} onCancel={() => setAdding(false)} />
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('addTitle')}
          </button>
        </p>
      )}
      <h2>{t('listTitle', { count: gazetteer.communities.length })}</h2>
      {gazetteer.communities.length === 0 ? (
        <EmptyState title={t('empty')} />
      ) : (
        <ul className="record-list">
          {gazetteer.communities.map((community) => {
            const rayon = gazetteer.unit(community.rayonCode);
            return (
              <li key={community.id} className="record-item">
                <span className="record-title">{localizedName(community.name, lang)}</span>
                <span className="record-meta">
                  {rayon ? localizedName(rayon.name, lang) : ''}
                  {community.code ? ` · ${community.code}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Page>
  );
}

function ImportReport({ report }: { report: CommunityImportReport }) {
  const { t } = useTranslation('gazetteer');
  if (report.missingColumns.length > 0) {
    return (
      <p className="field-error" role="alert">
        {t('import.notGazetteer', { columns: report.missingColumns.join(', ') })}
      </p>
    );
  }
  return (
    <div role="status" className="import-report">
      <p>{t('import.done', { added: report.added, updated: report.updated })}</p>
      {report.problems.length > 0 && (
        <>
          <p>{t('import.skipped', { count: report.problems.length })}</p>
          <ul className="problem-list">
            {report.problems.map((problem) => (
              <li key={`${problem.line}-${problem.reason}`}>
                {t('import.line', { line: problem.line })} {t(`import.reason.${problem.reason}`)}
                {problem.detail && <code> {problem.detail}</code>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
