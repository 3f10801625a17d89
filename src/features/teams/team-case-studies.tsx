import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { teamCommunities } from '../../core/teams';
import type { TeamBundle } from '../../db/teams';
import { useCurrentCommunity } from '../../ui/use-app-data';

/**
 * What each community learnt: one case study per member community, written from the team's work
 * (a draft prefilled from the plan, in the library); the phone's own community starts its own.
 */
export function TeamCaseStudies({ bundle, name, mayWrite }: { bundle: TeamBundle; name: (communityId: string) => string; mayWrite: boolean }) {
  const { t } = useTranslation('teams');
  const community = useCurrentCommunity();
  const communities = teamCommunities(bundle.team);
  const written = new Map(bundle.caseStudies.map((doc) => [doc.communityId, doc]));
  const ours = community && communities.includes(community.id) ? community.id : null;
  return (
    <section aria-labelledby="team-case-studies">
      <h2 id="team-case-studies" className="section-title">
        {t('caseStudies.title')}
      </h2>
      <p className="field-hint">{t('caseStudies.hint')}</p>
      <ul className="plain-list">
        {communities.map((communityId) => {
          const doc = written.get(communityId);
          return (
            <li key={communityId}>
              {doc ? (
                <Link to={`/library/${doc.id}`}>{t('caseStudies.written', { community: name(communityId), title: doc.title })}</Link>
              ) : (
                t('caseStudies.notYet', { community: name(communityId) })
              )}
            </li>
          );
        })}
      </ul>
      {mayWrite && ours && !written.has(ours) && (
        <Link to={`/library/new?team=${bundle.team.id}`} className="button">
          {t('caseStudies.write')}
        </Link>
      )}
    </section>
  );
}
