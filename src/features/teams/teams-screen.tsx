import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import type { Team } from '../../core/model';
import { teamCommunities } from '../../core/teams';
import { EmptyState } from '../../ui/empty-state';
import { IconPlus } from '../../ui/icons';
import { Page } from '../../ui/page';
import { useCommunities } from '../../ui/use-communities';
import { useSession } from '../../ui/use-session';
import { useTeams } from './use-teams';

/** The learning teams this person is in: each with its communities and where its plan stands. */
export function TeamsScreen() {
  const { t } = useTranslation('teams');
  const session = useSession();
  const teams = useTeams();
  const communities = useCommunities();
  const mayStart = session && ['staff', 'coordinator', 'admin'].includes(session.user.role);

  return (
    <Page
      title={t('title')}
      backTo="/workshops"
      actions={
        mayStart && (
          <Link to="/teams/new" className="button button-primary">
            <IconPlus />
            {t('newTeam')}
          </Link>
        )
      }
    >
      <p>{t('intro')}</p>
      {session === null && (
        <p className="notice" role="status">
          {t('signInFirst')}
        </p>
      )}
      {teams && teams.length === 0 && (
        <EmptyState title={t('noTeams')}>
          <p>{t('noTeamsText')}</p>
        </EmptyState>
      )}
      {teams && teams.length > 0 && (
        <ul className="record-list">
          {teams.map((team) => (
            <TeamCard key={team.id} team={team} leadName={communities?.name(team.communityId) ?? ''} />
          ))}
        </ul>
      )}
    </Page>
  );
}

function TeamCard({ team, leadName }: { team: Team; leadName: string }) {
  const { t } = useTranslation('teams');
  const { t: tl } = useTranslation('library');
  return (
    <li>
      <Link to={`/teams/${team.id}`} className="record-link">
        <span className="record-title">{team.name}</span>
        <span className="record-meta">
          <span>{t('communities', { count: teamCommunities(team).length })}</span>
          {leadName && <span>{t('lead', { name: leadName })}</span>}
          {(team.topics ?? []).map((topic) => (
            <span key={topic} className="chip">
              {tl(`topic.${topic}`)}
            </span>
          ))}
        </span>
      </Link>
    </li>
  );
}
