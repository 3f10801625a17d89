import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CASE_STUDY_TEXTS, localizedName } from '../../core/model';
import { applicationsOf, getCaseStudy } from '../../db/case-studies';
import { db } from '../../db/instance';
import { formatDay, formatNumber } from '../../i18n/format';
import { exampleOf } from '../../core/example';
import { ExampleNote } from '../../ui/example-note';
import { RichText } from '../../ui/rich-text';
import { useLanguage } from '../../ui/use-app-data';
import { usePlaceNames } from './use-place-names';

/** One case study on A4 with no navigation, to print or save as PDF for a council meeting. */
export function CaseStudyPrintScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation('library');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
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
        {[placed.communityName ? localizedName(placed.communityName, lang) : null, place, [caseStudy.periodFrom, caseStudy.periodTo].filter(Boolean).join(' – ')]
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
                {[application.communityName ? localizedName(application.communityName, lang) : null, formatDay(application.date, lang), t(`outcome.${application.outcome}`)]
                  .filter(Boolean)
                  .join(' · ')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {caseStudy.source && !example && <p className="print-meta">{t('detail.source', { source: caseStudy.source })}</p>}
      {/* The last line says it again: a printed page may be read without the first one. */}
      <p className="print-meta">{t('print.footer', { status: [t(`status.${caseStudy.status}`), example ? tc('example.chip') : null].filter(Boolean).join(' · ') })}</p>
    </main>
  );
}
