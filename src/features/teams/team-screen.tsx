import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useParams } from 'react-router';
import { SCORE_MAX, REVIEW_CRITERIA, type Round, type Team } from '../../core/model';
import { roundScores, teamCommunities, teamProgress } from '../../core/teams';
import { localToday } from '../../core/workshops';
import { formatDate } from '../../i18n/format';
import { MissingRecordPage, Page } from '../../ui/page';
import { useLanguage } from '../../ui/use-app-data';
import { useCommunities } from '../../ui/use-communities';
import { PlanCard } from './plan-card';
import { TeamReport } from './team-report';
import { TeamCaseStudies } from './team-case-studies';
import { TaskList } from './task-list';
import { planProgress, useTeam, useTeamRoles } from './use-teams';

/** A learning team at a glance: its communities, where the plan stands, its review rounds, tasks and events. */
export function TeamScreen() {
  const { id } = useParams();
  const { t } = useTranslation('teams');
  const { t: tl } = useTranslation('library');
  const lang = useLanguage();
  const bundle = useTeam(id);
  const roles = useTeamRoles(bundle?.team);
  const communities = useCommunities();
  const [today] = useState(localToday);
  if (bundle === null || !id) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/teams" />;
  if (!bundle) return null;
  const { team, rounds, tasks, events } = bundle;
  const progress = teamProgress(tasks, today);
  const plan = planProgress(bundle);
  const name = (communityId: string) => communities?.name(communityId) || t('field.unknownCommunity');

  return (
    <Page
      title={team.name}
      backTo="/teams"
      actions={
        roles.manages && (
          <Link to={`/teams/${id}/edit`} className="button">
            {t('edit')}
          </Link>
        )
      }
    >
      <section className="card" aria-labelledby="team-members">
        <h2 id="team-members" className="section-title">
          {t('members')}
        </h2>
        <ul className="plain-list">
          {teamCommunities(team).map((communityId, index) => (
            <li key={communityId}>{index === 0 ? t('lead', { name: name(communityId) }) : name(communityId)}</li>
          ))}
        </ul>
        {(team.topics ?? []).length > 0 && (
          <p className="record-meta">
            {(team.topics ?? []).map((topic) => (
              <span key={topic} className="chip">
                {tl(`topic.${topic}`)}
              </span>
            ))}
          </p>
        )}
        <p className="record-meta">{(team.mentorIds ?? []).length > 0 ? `${t('mentors')}: ${mentorList(team, t('mentorUnnamed'))}` : t('noMentors')}</p>
      </section>

      <PlanCard team={team} progress={plan} />

      <section aria-labelledby="team-rounds">
        <h2 id="team-rounds" className="section-title">
          {t('rounds.title')}
        </h2>
        {rounds.length === 0 && <p>{t('rounds.none')}</p>}
        <ul className="record-list">
          {[...rounds].reverse().map((round) => (
            <RoundRow key={round.id} teamId={id} round={round} date={formatDate(round.createdAt, lang)} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="team-tasks">
        <h2 id="team-tasks" className="section-title">
          {t('tasks.title')}
        </h2>
        {progress.total > 0 && (
          <p className="record-meta">
            <span>{t('tasks.progress', { done: progress.done, total: progress.total })}</span>
            {progress.overdue > 0 && <span className="chip chip-overdue">{t('tasks.overdueCount', { count: progress.overdue })}</span>}
          </p>
        )}
        <TaskList team={team} tasks={tasks} activities={bundle.plan?.activities ?? []} today={today} mayWrite={roles.writes || roles.reviews} />
      </section>

      <section aria-labelledby="team-events">
        <h2 id="team-events" className="section-title">
          {t('events.title')}
        </h2>
        <p className="field-hint">{t('events.hint')}</p>
        {events.length === 0 && <p>{t('events.none')}</p>}
        <ul className="record-list">
          {events.map((event) => (
            <li key={event.id}>
              <Link to={`/workshops/${event.id}`} className="record-link">
                <span className="record-title">{event.title}</span>
                <span className="record-meta">{formatDate(event.startDate, lang)}</span>
              </Link>
            </li>
          ))}
        </ul>
        {roles.writes && (
          <Link to={`/workshops/new?team=${id}`} className="button">
            {t('events.add')}
          </Link>
        )}
      </section>

      <TeamReport teamId={id} report={bundle.plan} stage={plan.stage} mayWrite={roles.writes} />

      <TeamCaseStudies bundle={bundle} name={name} mayWrite={roles.writes} />

      <nav className="link-row" aria-label={t('print.title')}>
        <Link to={`/print/team/${id}/plan`} className="button">
          {t('print.plan')}
        </Link>
        <Link to={`/print/team/${id}/progress`} className="button">
          {t('print.progress')}
        </Link>
      </nav>
    </Page>
  );
}

function RoundRow({ teamId, round, date }: { teamId: string; round: Round; date: string }) {
  const { t } = useTranslation('teams');
  const { total, scored } = roundScores(round);
  return (
    <li>
      <Link to={`/teams/${teamId}/rounds/${round.number}`} className="record-link">
        <span className="record-title">{t('rounds.round', { number: round.number })}</span>
        <span className="record-meta">
          <span>{t('rounds.submittedOn', { date })}</span>
          <span className={round.decision === 'approved' ? 'chip' : round.decision === 'revise' ? 'chip chip-overdue' : 'chip chip-draft'}>
            {round.decision ? t(`rounds.decision.${round.decision}`) : t('rounds.undecided')}
          </span>
          {scored > 0 && <span>{t('rounds.score', { total, max: SCORE_MAX * REVIEW_CRITERIA.length })}</span>}
        </span>
      </Link>
    </li>
  );
}

/**
 * The mentors by the names the server wrote with the list; one named on this phone and not yet
 * sent has no name here yet.
 */
function mentorList(team: Team, unnamed: string): string {
  return (team.mentorIds ?? []).map((id) => team.mentorNames?.[id] || unnamed).join(', ');
}
