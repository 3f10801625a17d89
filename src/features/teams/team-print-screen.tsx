import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useLocation, useParams } from 'react-router';
import { PLAN_SECTIONS, REVIEW_CRITERIA, SCORE_MAX, commentField, type PlanContent, type Round } from '../../core/model';
import { byDeadline, hasReport, isOverdue, roundScores, teamCommunities, teamProgress } from '../../core/teams';
import { localToday } from '../../core/workshops';
import type { TeamBundle } from '../../db/teams';
import { formatDate, formatDay } from '../../i18n/format';
import { TableScroll } from '../../ui/table-scroll';
import { useLanguage } from '../../ui/use-app-data';
import { useCommunities } from '../../ui/use-communities';
import { PlanSectionView } from './plan-section-view';
import { ReportSections } from './team-report';
import { planProgress, useTeam } from './use-teams';

/**
 * A learning team's pages on A4, with no navigation, to print or save as PDF: its plan, one review
 * round with its scores and comments, or its progress (rounds, tasks with deadlines, events).
 */
export function TeamPrintScreen() {
  const { id, number } = useParams();
  const { pathname } = useLocation();
  const what = number ? 'round' : pathname.endsWith('/progress') ? 'progress' : 'plan';
  const { t } = useTranslation('teams');
  const lang = useLanguage();
  const bundle = useTeam(id);
  const communities = useCommunities();
  const [today] = useState(localToday);
  const round = bundle?.rounds.find((candidate) => String(candidate.number) === number);
  const title = bundle
    ? `${bundle.team.name} — ${what === 'round' ? t('rounds.round', { number }) : what === 'progress' ? t('print.progressTitle') : t('plan.title')}`
    : '';
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
  if (bundle === undefined || !communities) return null;
  if (bundle === null || (what === 'round' && !round)) return <p>{t('notFoundText')}</p>;
  const { team } = bundle;
  return (
    <main className="print-page">
      <div className="print-toolbar">
        <Link to={what === 'round' ? `/teams/${team.id}/rounds/${number}` : `/teams/${team.id}`} className="button">
          {t('print.back')}
        </Link>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
      </div>
      <h1>{title}</h1>
      <p className="print-meta">
        {teamCommunities(team)
          .map((community) => communities.name(community))
          .join(', ')}
      </p>
      <p className="print-meta">{t('print.printed', { date: formatDay(today, lang) })}</p>
      {what === 'plan' && <PrintedSections content={bundle.plan} />}
      {what === 'round' && round && <PrintedRound round={round} date={formatDate(round.createdAt, lang)} />}
      {what === 'progress' && <PrintedProgress bundle={bundle} today={today} />}
    </main>
  );
}

function PrintedSections({ content, round }: { content: PlanContent | undefined; round?: Round }) {
  const { t } = useTranslation('teams');
  return (
    <>
      {PLAN_SECTIONS.map((section) => (
        <section key={section}>
          <h2>{t(`section.${section}`)}</h2>
          <PlanSectionView content={content} section={section} />
          {round?.[commentField(section)] && (
            <p className="review-comment">
              <strong>{t('rounds.comment')}:</strong> {round[commentField(section)]}
            </p>
          )}
        </section>
      ))}
    </>
  );
}

function PrintedRound({ round, date }: { round: Round; date: string }) {
  const { t } = useTranslation('teams');
  const { scores, total } = roundScores(round);
  return (
    <>
      <p className="print-meta">
        {t('rounds.submittedOn', { date })} · {round.decision ? t(`rounds.decision.${round.decision}`) : t('rounds.undecided')}
      </p>
      <TableScroll label={t('review.title')}>
        <table className="summary-table report-table">
          <caption>{t('rounds.score', { total, max: SCORE_MAX * REVIEW_CRITERIA.length })}</caption>
          <tbody>
            {REVIEW_CRITERIA.map((criterion, index) => (
              <tr key={criterion}>
                <th scope="row">{t(`review.criterion.${criterion}`)}</th>
                <td>{scores[index] ?? t('review.noScore')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <PrintedSections content={round} round={round} />
    </>
  );
}

function PrintedProgress({ bundle, today }: { bundle: TeamBundle; today: string }) {
  const { t } = useTranslation('teams');
  const lang = useLanguage();
  const communities = useCommunities();
  const { stage, round } = planProgress(bundle);
  const progress = teamProgress(bundle.tasks, today);
  return (
    <>
      <h2>{t('plan.title')}</h2>
      <p>{t(`stage.${stage}`, { number: round })}</p>
      <h2>{t('rounds.title')}</h2>
      {bundle.rounds.length === 0 && <p>{t('rounds.none')}</p>}
      <ul className="plain-list">
        {bundle.rounds.map((item) => (
          <li key={item.id}>
            {t('rounds.round', { number: item.number })} · {formatDate(item.createdAt, lang)} ·{' '}
            {item.decision ? t(`rounds.decision.${item.decision}`) : t('rounds.undecided')}
          </li>
        ))}
      </ul>
      <h2>{t('tasks.title')}</h2>
      <p>
        {t('tasks.progress', { done: progress.done, total: progress.total })}
        {progress.overdue > 0 && ` · ${t('tasks.overdueCount', { count: progress.overdue })}`}
      </p>
      {bundle.tasks.length > 0 && (
        <TableScroll label={t('tasks.title')}>
          <table className="summary-table report-table">
            <thead>
              <tr>
                <th scope="col">{t('tasks.field.title')}</th>
                <th scope="col">{t('tasks.field.owner')}</th>
                <th scope="col">{t('tasks.field.dueDate')}</th>
                <th scope="col">{t('tasks.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {[...bundle.tasks].sort(byDeadline(today)).map((task) => (
                <tr key={task.id}>
                  <td>{task.title}</td>
                  <td>{[task.owner, task.ownerCommunityId ? communities?.name(task.ownerCommunityId) : ''].filter(Boolean).join(', ')}</td>
                  <td>{task.dueDate ? formatDay(task.dueDate, lang) : ''}</td>
                  <td>
                    {t(`tasks.status.${task.status}`)}
                    {isOverdue(task, today) && ` · ${t('tasks.overdue')}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{t('events.title')}</h2>
      {bundle.events.length === 0 && <p>{t('events.none')}</p>}
      <ul className="plain-list">
        {bundle.events.map((event) => (
          <li key={event.id}>
            {formatDay(event.startDate, lang)} · {event.title}
          </li>
        ))}
      </ul>
      {hasReport(bundle.plan) && (
        <div className="print-report">
          <h2>{t('report.title')}</h2>
          <ReportSections report={bundle.plan} />
        </div>
      )}
    </>
  );
}
