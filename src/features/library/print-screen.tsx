import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useParams } from 'react-router';
import { CASE_STUDY_TEXTS, localizedName } from '../../core/model';
import { exampleOf } from '../../core/example';
import { applicationsOf, getCaseStudy } from '../../db/case-studies';
import { db } from '../../db/instance';
import { formatDay, formatNumber } from '../../i18n/format';
import { ExampleNote } from '../../ui/example-note';
import { PrintPhotos } from '../../ui/print-photos';
import { RichText } from '../../ui/rich-text';
import { useLanguage } from '../../ui/use-app-data';
import { useFormats } from '../../ui/use-formats';
import { usePlaceNames } from './use-place-names';

/** One case study on A4 with no navigation, to print or save as PDF for a council meeting, with its photos whole. */
export function CaseStudyPrintScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation('library');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
  const format = useFormats();
  const caseStudy = useLiveQuery(async () => (await getCaseStudy(db, id)) ?? null, [id]);
  const rootId = caseStudy?.translationOf ?? caseStudy?.id ?? '';
  const root = useLiveQuery(async () => (rootId ? ((await getCaseStudy(db, rootId)) ?? null) : null), [rootId]);
  const applications = useLiveQuery(() => applicationsOf(db, [id, rootId]), [id, rootId]);
  const place = usePlaceNames((root ?? caseStudy)?.rayonCode ?? null, lang);
  useEffect(() => {
    if (caseStudy) document.title = caseStudy.title;
  }, [caseStudy]);
  if (caseStudy === undefined) return null;
  if (caseStudy === null) return <p>{t('notFoundText')}</p>;
  const placed = root ?? caseStudy;
  const { example, basedOn } = exampleOf(caseStudy, root);
  // A PDF cannot be printed inside the page: it is named, so the reader knows it goes with it.
  const documents = (caseStudy.attachments ?? []).filter((attachment) => attachment.mime === 'application/pdf');
  return (
    <main className="print-page" lang={caseStudy.language}>
      <div className="print-toolbar">
        <Link to={`/library/${caseStudy.id}`} className="button">
          {t('print.back')}
        </Link>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
      </div>
      <h1>{caseStudy.title}</h1>
      {example && <ExampleNote basedOn={basedOn} />}
      <p className="print-meta">
        {[placed.communityName ? localizedName(placed.communityName, lang) : null, place, format.period(caseStudy.periodFrom, caseStudy.periodTo)]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p className="print-meta">{(caseStudy.topics ?? []).map((topic) => t(`topic.${topic}`)).join(', ')}</p>
      {CASE_STUDY_TEXTS.map((field) =>
        caseStudy[field] ? (
          <section key={field}>
            <h2>{t(`field.${field}`)}</h2>
            <RichText text={caseStudy[field]!} />
          </section>
        ) : null,
      )}
      {(caseStudy.resourcesKgs != null || caseStudy.resourcesNote || (caseStudy.resourceSources ?? []).length > 0) && (
        <section>
          <h2>{t('field.resources')}</h2>
          {caseStudy.resourcesKgs != null && <p>{t('detail.amount', { amount: formatNumber(caseStudy.resourcesKgs, lang) })}</p>}
          {(caseStudy.resourceSources ?? []).length > 0 && <p>{(caseStudy.resourceSources ?? []).map((source) => t(`source.${source}`)).join(', ')}</p>}
          {caseStudy.resourcesNote && <RichText text={caseStudy.resourcesNote} />}
        </section>
      )}
      {caseStudy.contactConsent && caseStudy.contactName && (
        <section>
          <h2>{t('field.contact')}</h2>
          <p>{[caseStudy.contactName, caseStudy.contactPhone].filter(Boolean).join(' · ')}</p>
        </section>
      )}
      {applications && applications.length > 0 && (
        <section>
          <h2>{t('applied.title')}</h2>
          <ul>
            {applications.map((application) => (
              <li key={application.id}>
                {[
                  application.communityName ? localizedName(application.communityName, lang) : null,
                  formatDay(application.date, lang),
                  t(`outcome.${application.outcome}`),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </li>
            ))}
          </ul>
        </section>
      )}
      <PrintPhotos owner={{ collection: 'caseStudies', docId: caseStudy.id }} attachments={caseStudy.attachments ?? []} title={t('print.photos')} />
      {documents.length > 0 && (
        <section>
          <h2>{t('print.documents')}</h2>
          <ul>
            {documents.map((file) => (
              <li key={file.hash}>{file.name ?? tc('files.document')}</li>
            ))}
          </ul>
        </section>
      )}
      {caseStudy.source && !example && <p className="print-meta">{t('detail.source', { source: caseStudy.source })}</p>}
      {/* The last line says it again: a printed page may be read without the first one. */}
      <p className="print-meta">
        {t('print.footer', { status: [t(`status.${caseStudy.status}`), example ? tc('example.chip') : null].filter(Boolean).join(' · ') })}
      </p>
    </main>
  );
}
