import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useParams } from 'react-router';
import { WORKSHOP_TEXTS } from '../../core/model';
import { isOverdue, localToday, participantTotals } from '../../core/workshops';
import { db } from '../../db/instance';
import { actionsOf, getWorkshop, participantsOf } from '../../db/workshops';
import { formatDay, formatNumber } from '../../i18n/format';
import { ExampleChip } from '../../ui/example-note';
import { RichText } from '../../ui/rich-text';
import { useLanguage } from '../../ui/use-app-data';
import { TotalsTable } from './totals-table';
import { useCommunities } from '../../ui/use-communities';
import { PrintPhotos } from '../../ui/print-photos';
import { TableScroll } from '../../ui/table-scroll';

/**
 * An event's report on A4, with no navigation, to print or save as PDF: what it was, who took part
 * by gender and role, what was learnt and decided, who follows up on what, and each photo (the paper
 * attendance sheet above all) whole and readable. Phone numbers stay out.
 */
export function WorkshopPrintScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation('workshops');
  const lang = useLanguage();
  const workshop = useLiveQuery(async () => (await getWorkshop(db, id)) ?? null, [id]);
  const participants = useLiveQuery(() => participantsOf(db, [id]), [id]);
  const actions = useLiveQuery(() => actionsOf(db, [id]), [id]);
  const linked = useLiveQuery(
    async () => (workshop?.linkedCaseStudyIds?.length ? (await db.caseStudies.bulkGet(workshop.linkedCaseStudyIds)).filter((doc) => doc && !doc._deleted) : []),
    [workshop?.linkedCaseStudyIds?.join()],
  );
  const communities = useCommunities();
  useEffect(() => {
    if (workshop) document.title = workshop.title;
  }, [workshop]);
  if (workshop === undefined || !participants || !actions || !communities) return null;
  if (workshop === null) return <p>{t('notFoundText')}</p>;
  const totals = participantTotals(workshop.tally, participants);
  const today = localToday();
  const name = (community: string | null | undefined) => communities.name(community) || (community ? t('unknownCommunity') : '');
  return (
    <main className="print-page">
      <div className="print-toolbar">
        <Link to={`/workshops/${workshop.id}`} className="button">
          {t('report.back')}
        </Link>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </div>
      <h1>{workshop.title}</h1>
      <p className="print-meta">
        {[
          t(`type.${workshop.type}`),
          [workshop.startDate, workshop.endDate]
            .filter((day): day is string => !!day)
            .map((day) => formatDay(day, lang))
            .join(' – '),
        ].join(' · ')}
      </p>
      <dl className="facts">
        {workshop.hostCommunityId && (
          <div>
            <dt>{t('field.host')}</dt>
            <dd>{name(workshop.hostCommunityId)}</dd>
          </div>
        )}
        {(workshop.visitingCommunityIds ?? []).length > 0 && (
          <div>
            <dt>{t('field.visitors')}</dt>
            <dd>{workshop.visitingCommunityIds!.map(name).join(', ')}</dd>
          </div>
        )}
        {workshop.facilitators && (
          <div>
            <dt>{t('field.facilitators')}</dt>
            <dd>{workshop.facilitators}</dd>
          </div>
        )}
      </dl>
      <section>
        <h2>{t('participants.title')}</h2>
        <p data-testid="report-summary">
          {t('participants.summary', {
            count: totals.total,
            total: formatNumber(totals.total, lang),
            female: formatNumber(totals.byGender.female, lang),
            male: formatNumber(totals.byGender.male, lang),
          })}{' '}
          {t('participants.split', { counted: formatNumber(totals.counted, lang), named: formatNumber(totals.named, lang) })}
        </p>
        {totals.total > 0 && <TotalsTable totals={totals} />}
        {participants.length > 0 && (
          <TableScroll label={t('participants.named')}>
            <table className="summary-table report-table" data-testid="report-participants">
              <caption>{t('participants.named')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('participants.name')}</th>
                  <th scope="col">{t('participants.role')}</th>
                  <th scope="col">{t('participants.gender')}</th>
                  <th scope="col">{t('participants.community')}</th>
                </tr>
              </thead>
              <tbody>
                {participants.map((person) => (
                  <tr key={person.id}>
                    <th scope="row">{person.name}</th>
                    <td>{person.role ? t(`role.${person.role}`) : ''}</td>
                    <td>{person.gender ? t(`gender.${person.gender}`) : ''}</td>
                    <td>{name(person.fromCommunityId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {WORKSHOP_TEXTS.map((field) =>
        workshop[field] ? (
          <section key={field}>
            <h2>{t(`field.${field}`)}</h2>
            <RichText text={workshop[field]!} />
          </section>
        ) : null,
      )}
      <section>
        <h2>{t('followUp.title')}</h2>
        {actions.length === 0 ? (
          <p>{t('followUp.none')}</p>
        ) : (
          <TableScroll label={t('followUp.title')}>
            <table className="summary-table report-table" data-testid="report-actions">
              <thead>
                <tr>
                  <th scope="col">{t('followUp.action')}</th>
                  <th scope="col">{t('followUp.owner')}</th>
                  <th scope="col">{t('followUp.due')}</th>
                  <th scope="col">{t('followUp.status')}</th>
                </tr>
              </thead>
              <tbody>
                {actions.map((action) => (
                  <tr key={action.id}>
                    <th scope="row">{action.action}</th>
                    <td>{[action.owner, name(action.ownerCommunityId)].filter(Boolean).join(', ')}</td>
                    <td>{action.dueDate ? formatDay(action.dueDate, lang) : ''}</td>
                    <td>{isOverdue(action, today) ? t('followUp.overdue') : t(`status.${action.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {linked && linked.length > 0 && (
        <section>
          <h2>{t('field.linkedCaseStudies')}</h2>
          <ul>
            {linked.map((doc) => (
              <li key={doc!.id}>
                {doc!.title}
                {doc!.example && (
                  <>
                    {' '}
                    <ExampleChip />
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <PrintPhotos owner={{ collection: 'workshops', docId: workshop.id }} attachments={workshop.photos ?? []} title={t('field.photos')} />
      <p className="print-meta">{t('report.footer', { date: formatDay(today, lang) })}</p>
    </main>
  );
}
