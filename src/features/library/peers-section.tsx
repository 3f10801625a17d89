import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from '../../i18n/use-translation';
import type { Community, Language } from '../../core/model';
import { db } from '../../db/instance';
import { useLanguage } from '../../ui/use-app-data';
import { CaseStudyCard } from './case-study-card';
import { usePeers } from './use-library';

/**
 * "Peers to learn from": published case studies on the topics this community works on, nearest
 * first — peers in the same rayon and oblast with the same problem learn best from each other.
 */
export function PeersSection({ community, topics, exclude = [] }: { community: Community; topics?: readonly string[]; exclude?: readonly string[] }) {
  const { t } = useTranslation('library');
  const lang: Language = useLanguage();
  const ownTopics = useLiveQuery(
    async () =>
      topics ?? [
        ...new Set(
          (await db.caseStudies.where('communityId').equals(community.id).toArray()).filter((doc) => !doc._deleted).flatMap((doc) => doc.topics ?? []),
        ),
      ],
    [community.id, topics?.join(',')],
  );
  const peers = usePeers(
    ownTopics === undefined
      ? null
      : {
          topics: ownTopics,
          rayonCode: community.rayonCode,
          exclude,
          ...(topics ? {} : { excludeCommunityId: community.id }),
          communityId: community.id,
          lang,
          limit: 3,
        },
  );
  if (!peers || peers.length === 0) return null;
  return (
    <section className="peers" aria-labelledby="peers-title">
      <h2 id="peers-title" className="section-title">
        {t('peers.title')}
      </h2>
      <p className="field-hint">{t('peers.hint')}</p>
      <ul className="record-list">
        {peers.map((item) => (
          <CaseStudyCard key={item.rootId} item={item} />
        ))}
      </ul>
    </section>
  );
}
