import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from '../i18n/use-translation';
import { localizedName, type Collection } from '../core/model';
import { writeDoc } from '../db/docs';
import { db } from '../db/instance';
import { requestSync } from '../sync/instance';
import { PickList } from './pick-list';
import { useLanguage } from './use-app-data';
import { useCommunities } from './use-communities';
import { mayShare, useSession } from './use-session';

interface ShareCardProps {
  collection: Extract<Collection, 'assets' | 'workshops'>;
  record: { id: string; communityId: string; sharedWith?: string[] };
}

/**
 * Which other communities read a record: both sides of a disputed canal or pasture, the visiting
 * community of an exchange visit. Staff and coordinators change it at once (it is sent at the next
 * sync); others see it. Writing stays with the record's own community.
 */
export function ShareCard({ collection, record }: ShareCardProps) {
  const { t } = useTranslation();
  const session = useSession();
  const communities = useCommunities();
  const shared = record.sharedWith ?? [];
  const editable = mayShare(session);
  if (!communities || (!editable && shared.length === 0)) return null;
  const options = communities.list
    .filter((community) => community.id !== record.communityId)
    .map((community) => ({ value: community.id, label: communities.choice(community.id) }));

  async function change(sharedWith: string[]) {
    await writeDoc(db, collection, record.id, { sharedWith });
    requestSync();
  }

  return (
    <section className="card share-card" aria-labelledby={`share-${record.id}`}>
      <h2 id={`share-${record.id}`}>{t('share.title')}</h2>
      {editable ? (
        <PickList
          legend={t('share.legend')}
          hint={t(`share.hint.${collection}`)}
          options={options}
          value={shared}
          onChange={(sharedWith) => void change(sharedWith)}
          addLabel={t('share.add')}
          fallbackLabel={t('share.unknownCommunity')}
        />
      ) : (
        <p>
          {t('share.readOnly', { names: shared.map((id) => options.find((option) => option.value === id)?.label ?? t('share.unknownCommunity')).join(', ') })}
        </p>
      )}
    </section>
  );
}

/** Says that a record comes from another community, which alone may change it. */
export function SharedRecordNote({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const community = useLiveQuery(() => db.communities.get(communityId), [communityId]);
  return (
    <p className="notice" role="note" data-testid="shared-record">
      {t('share.fromOther', { name: community ? localizedName(community.name, lang) : t('share.unknownCommunity') })}
    </p>
  );
}
