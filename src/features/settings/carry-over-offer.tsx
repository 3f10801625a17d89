import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { localizedName } from '../../core/model';
import { moveCommunityRecords } from '../../db/docs';
import { db } from '../../db/instance';
import { formatNumber } from '../../i18n/format';
import { declineCarryOver, handMadeWork, type HandMadeWork } from '../../sync/carry-over';
import { requestSync } from '../../sync/instance';
import { SelectField } from '../../ui/field';
import { useLanguage } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';

/**
 * After signing in on a phone that recorded work for a community added by hand, asks once, in
 * plain words, whether to move those records into one of the account's communities, and moves
 * them all in one step.
 */
export function CarryOverOffer() {
  const session = useSession();
  const work = useLiveQuery(() => handMadeWork(db, session ?? null), [session?.user.id, session?.expired, session?.user.communityIds.join()]);
  if (!work || work.length === 0) return null;
  return (
    <>
      {work.map((item) => (
        <CarryOverCard key={item.community.id} work={item} />
      ))}
    </>
  );
}

function CarryOverCard({ work }: { work: HandMadeWork }) {
  const { t } = useTranslation('sync');
  const lang = useLanguage();
  const [target, setTarget] = useState(work.targets[0]!.id);
  const [busy, setBusy] = useState(false);
  const from = localizedName(work.community.name, lang);

  async function move() {
    setBusy(true);
    try {
      await moveCommunityRecords(db, work.community.id, target);
      requestSync();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`carry-${work.community.id}`} data-testid="carry-over">
      <h2 id={`carry-${work.community.id}`}>{t('carryOver.title')}</h2>
      <p>{t('carryOver.text', { count: work.records, n: formatNumber(work.records, lang), from })}</p>
      <SelectField
        label={t('carryOver.target')}
        value={target}
        onChange={setTarget}
        options={work.targets.map((community) => ({ value: community.id, label: localizedName(community.name, lang) }))}
      />
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void move()}>
          {t('carryOver.move', { count: work.records })}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void declineCarryOver(db, work.community.id)}>
          {t('carryOver.keep')}
        </button>
      </div>
    </section>
  );
}
