import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useParams } from 'react-router';
import { CASE_STUDY_TEXTS, localizedName, type CaseStudy, type Language } from '../../core/model';
import { applicationsOf, getCaseStudy, setCaseStudyStatus, versionsOf } from '../../db/case-studies';
import type { LocalDoc } from '../../db/database';
import { db } from '../../db/instance';
import { formatDay, formatNumber } from '../../i18n/format';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { exampleOf } from '../../core/example';
import { AttachmentList } from '../../ui/attachments';
import { ExampleNote } from '../../ui/example-note';
import { Page } from '../../ui/page';
import { RichText } from '../../ui/rich-text';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { useFormats } from '../../ui/use-formats';
import { mayEditRecord, mayPublish, useSession } from '../../ui/use-session';
import { ConflictNotice } from '../../ui/conflict-notice';
import { ApplyForm } from './apply-form';
import { PeersSection } from './peers-section';
import { ThreadsSection } from './threads-section';
import { usePlaceNames } from './use-place-names';

export function CaseStudyScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation('library');
  const caseStudy = useLiveQuery(async () => (await getCaseStudy(db, id)) ?? null, [id]);
  if (caseStudy === undefined) return null;
  if (caseStudy === null) {
    return (
      <Page title={t('notFound')} backTo="/library">
        <p>{t('notFoundText')}</p>
      </Page>
    );
  }
  return <CaseStudyView caseStudy={caseStudy} />;
}

function CaseStudyView({ caseStudy }: { caseStudy: LocalDoc<CaseStudy> }) {
  const { t } = useTranslation('library');
  const lang = useLanguage();
  const format = useFormats();
  const community = useCurrentCommunity();
  const session = useSession();
  const rootId = caseStudy.translationOf ?? caseStudy.id;
  const versions = useLiveQuery(() => versionsOf(db, rootId), [rootId]) ?? [caseStudy];
  const root = versions.find((version) => version.id === rootId) ?? caseStudy;
  const applications = useLiveQuery(
    () =>
      applicationsOf(
        db,
        versions.map((version) => version.id),
      ),
    [versions.map((v) => v.id).join(',')],
  );
  const place = usePlaceNames(root.rayonCode ?? null, lang);
  const own = community?.id === caseStudy.communityId;
  const [statusProblem, setStatusProblem] = useState(false);

  async function changeStatus(status: CaseStudy['status']) {
    setStatusProblem(!(await setCaseStudyStatus(db, caseStudy.id, status).catch(() => false)));
  }

  const sources = caseStudy.resourceSources ?? [];
  const hasResources = caseStudy.resourcesKgs != null || sources.length > 0 || Boolean(caseStudy.resourcesNote);
  const { example, basedOn } = exampleOf(caseStudy, root);
  const missingLanguages = (['ky', 'ru', 'en'] as Language[]).filter((language) => !versions.some((version) => version.language === language));

  return (
    <Page title={caseStudy.title} backTo="/library">
      <ConflictNotice
        collection="caseStudies"
        record={caseStudy}
        label={(field) => t(`field.${field}`)}
        show={(field, value) => showCaseStudyValue(t, field, value)}
        editable={own && mayEditRecord(session, caseStudy)}
      />
      <article className="case-study" lang={caseStudy.language}>
        {versions.length > 1 && (
          <nav className="segments" aria-label={t('detail.versions')}>
            {versions.map((version) => (
              <Link
                key={version.id}
                to={`/library/${version.id}`}
                className={version.id === caseStudy.id ? 'segment segment-active' : 'segment'}
                aria-current={version.id === caseStudy.id ? 'page' : undefined}
                lang={version.language}
              >
                {version.language ? LANGUAGE_ENDONYMS[version.language] : version.title}
              </Link>
            ))}
          </nav>
        )}
        {example && <ExampleNote basedOn={basedOn} />}
        <dl className="facts">
          <div>
            <dt>{t('detail.community')}</dt>
            <dd>{[root.communityName ? localizedName(root.communityName, lang) : null, place].filter(Boolean).join(', ') || t('unknownCommunity')}</dd>
          </div>
          {(caseStudy.periodFrom || caseStudy.periodTo) && (
            <div>
              <dt>{t('detail.period')}</dt>
              <dd data-testid="period">{format.period(caseStudy.periodFrom, caseStudy.periodTo)}</dd>
            </div>
          )}
          <div>
            <dt>{t('detail.topics')}</dt>
            <dd className="chips">
              {(caseStudy.topics ?? []).map((topic) => (
                <span key={topic} className="chip">
                  {t(`topic.${topic}`)}
                </span>
              ))}
            </dd>
          </div>
          <div>
            <dt>{t('detail.status')}</dt>
            <dd>
              <span className={caseStudy.status === 'draft' ? 'chip chip-draft' : 'chip'}>{t(`status.${caseStudy.status}`)}</span>
            </dd>
          </div>
        </dl>

        {own && (
          <div className="form-actions">
            <Link to={`/library/${caseStudy.id}/edit`} className="button">
              {t('detail.edit')}
            </Link>
            {mayPublish(session) &&
              (caseStudy.status === 'draft' ? (
                <button type="button" className="button button-primary" onClick={() => void changeStatus('published')}>
                  {t('detail.publish')}
                </button>
              ) : (
                <button type="button" className="button" onClick={() => void changeStatus('draft')}>
                  {t('detail.unpublish')}
                </button>
              ))}
          </div>
        )}
        {statusProblem && (
          <p className="field-error" role="alert">
            {t('detail.statusFailed')}
          </p>
        )}
        {own && caseStudy.status === 'draft' && <p className="notice">{t('detail.draftNotice')}</p>}

        {CASE_STUDY_TEXTS.map((field) =>
          caseStudy[field] ? (
            <section key={field} className="case-section">
              <h2>{t(`field.${field}`)}</h2>
              <RichText text={caseStudy[field]!} />
            </section>
          ) : null,
        )}
        {hasResources && (
          <section className="case-section">
            <h2>{t('field.resources')}</h2>
            {caseStudy.resourcesKgs != null && <p>{t('detail.amount', { amount: formatNumber(caseStudy.resourcesKgs, lang) })}</p>}
            {sources.length > 0 && <p>{sources.map((source) => t(`source.${source}`)).join(', ')}</p>}
            {caseStudy.resourcesNote && <RichText text={caseStudy.resourcesNote} />}
          </section>
        )}
        {caseStudy.contactConsent && (caseStudy.contactName || caseStudy.contactPhone) && (
          <section className="case-section">
            <h2>{t('field.contact')}</h2>
            <p>
              {caseStudy.contactName}
              {caseStudy.contactPhone && (
                <>
                  {' · '}
                  <a href={`tel:${caseStudy.contactPhone.replace(/[^0-9+]/g, '')}`}>{caseStudy.contactPhone}</a>
                </>
              )}
            </p>
          </section>
        )}
        {(caseStudy.attachments ?? []).length > 0 && (
          <section className="case-section">
            <h2>{t('field.attachments')}</h2>
            <AttachmentList owner={{ collection: 'caseStudies', docId: caseStudy.id }} attachments={caseStudy.attachments ?? []} />
          </section>
        )}
        {caseStudy.source && !example && <p className="field-hint">{t('detail.source', { source: caseStudy.source })}</p>}

        <div className="form-actions">
          <Link to={`/print/case-study/${caseStudy.id}`} className="button">
            {t('detail.print')}
          </Link>
          {community && missingLanguages.length > 0 && (
            <Link to={`/library/new?translationOf=${rootId}`} className="button">
              {t('detail.translate')}
            </Link>
          )}
        </div>
      </article>

      <section className="case-section" aria-labelledby="applied-title">
        <h2 id="applied-title">{t('applied.title')}</h2>
        {applications && applications.length > 0 ? (
          <ul className="record-list">
            {applications.map((application) => (
              <li key={application.id} className="record-item">
                <span className="record-title">{application.communityName ? localizedName(application.communityName, lang) : t('unknownCommunity')}</span>
                <span className="record-meta">
                  {formatDay(application.date, lang)} · {t(`outcome.${application.outcome}`)}
                </span>
                {application.changes && <RichText text={application.changes} />}
                {application.notes && <RichText text={application.notes} />}
              </li>
            ))}
          </ul>
        ) : (
          <p className="field-hint">{t('applied.none')}</p>
        )}
        {community && community.id !== root.communityId && <ApplyForm caseStudyId={caseStudy.id} community={community} />}
      </section>

      <ThreadsSection versionIds={versions.map((version) => version.id)} fromQuestionId={root.fromQuestionId ?? caseStudy.fromQuestionId} />
      {community && <PeersSection community={community} topics={caseStudy.topics ?? []} exclude={[rootId]} />}
    </Page>
  );
}

/** A picked value in words: a status, a language or topics by their names. */
function showCaseStudyValue(t: (key: string) => string, field: string, value: unknown): string {
  if (field === 'status' && typeof value === 'string') return t(`status.${value}`);
  if (field === 'topics' && Array.isArray(value)) return value.map((topic) => t(`topic.${String(topic)}`)).join(', ');
  if (field === 'language' && typeof value === 'string') return LANGUAGE_ENDONYMS[value as Language] ?? value;
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}
