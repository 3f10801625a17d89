import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { FollowUpAction } from '../../core/model';
import { isOverdue, localToday } from '../../core/workshops';
import { db } from '../../db/instance';
import { openActions } from '../../db/workshops';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { mayRecordEvents, useSession } from '../../ui/use-session';
import { useMyCommunityIds } from './use-workshop-data';
import { useCommunities, type CommunityNames } from '../../ui/use-communities';
import { ActionItem } from './action-item';

/** Every open follow-up action of this person's communities' events, the overdue ones first. */
export function ActionsScreen() {
  const { t } = useTranslation('workshops');
  const scope = useMyCommunityIds();
  const communities = useCommunities();
  const readOnly = !mayRecordEvents(useSession());
  const data = useLiveQuery(async () => {
    if (scope === undefined) return undefined;
    const actions = await openActions(db, scope);
    const events = await db.workshops.bulkGet([...new Set(actions.map((action) => action.workshopId))]);
    const titles = new Map(events.filter((event) => event && !event._deleted).map((event) => [event!.id, event!.title]));
    // An action of a deleted event is gone with it.
    return { actions: actions.filter((action) => titles.has(action.workshopId)), titles };
  }, [scope?.join()]);
  if (!data || !communities)
    return (
      <Page title={t('followUp.screenTitle')} backTo="/workshops">
        {null}
      </Page>
    );
  const today = localToday();
  const overdue = data.actions.filter((action) => isOverdue(action, today));
  const upcoming = data.actions.filter((action) => !isOverdue(action, today));
  return (
    <Page title={t('followUp.screenTitle')} backTo="/workshops">
      <p className="lead">{t('followUp.screenIntro')}</p>
      {data.actions.length === 0 ? (
        <EmptyState title={t('followUp.allDone')}>
          <p>{t('followUp.allDoneText')}</p>
        </EmptyState>
      ) : (
        <>
          <ActionSection
            title={t('followUp.overdueTitle', { count: overdue.length })}
            testId="overdue-actions"
            actions={overdue}
            titles={data.titles}
            communities={communities}
            readOnly={readOnly}
          />
          <ActionSection
            title={t('followUp.openTitle', { count: upcoming.length })}
            testId="open-actions"
            actions={upcoming}
            titles={data.titles}
            communities={communities}
            readOnly={readOnly}
          />
        </>
      )}
    </Page>
  );
}

/** Actions drawn at first, and added by each "show more". */
const PAGE = 50;

interface ActionSectionProps {
  title: string;
  testId: string;
  actions: FollowUpAction[];
  titles: Map<string, string>;
  communities: CommunityNames;
  readOnly: boolean;
}

function ActionSection({ title, testId, actions, titles, communities, readOnly }: ActionSectionProps) {
  const { t } = useTranslation('workshops');
  const headingId = useId();
  const [shown, setShown] = useState(PAGE);
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId} className="section-title">
        {title}
      </h2>
      <ul className="record-list">
        {actions.slice(0, shown).map((action) => (
          <ActionItem key={action.id} action={action} communities={communities} eventTitle={titles.get(action.workshopId) ?? ''} readOnly={readOnly} />
        ))}
      </ul>
      {actions.length > shown && (
        <button type="button" className="button show-more" onClick={() => setShown(shown + PAGE)}>
          {t('showMore', { count: Math.min(PAGE, actions.length - shown) })}
        </button>
      )}
    </section>
  );
}
