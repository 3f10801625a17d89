import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { isOverdue, localToday } from '../../core/workshops';
import { db } from '../../db/instance';
import { openActions } from '../../db/workshops';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { mayRecordEvents, useSession } from '../../ui/use-session';
import { useCommunities, useMyCommunityIds } from './use-workshop-data';
import { ActionItem } from './action-item';

/** Every open follow-up action of this person's communities' events, the overdue ones first. */
export function ActionsScreen() {
  const { t } = useTranslation('workshops');
  const scope = useMyCommunityIds();
  const communities = useCommunities();
  const readOnly = !mayRecordEvents(useSession());
  const data = useLiveQuery(async () => {
    if (scope === undefined) return undefined;
    const ids = scope ?? [...new Set((await db.actions.toArray()).map((action) => action.communityId))];
    const actions = await openActions(db, ids);
    const events = await db.workshops.bulkGet([...new Set(actions.map((action) => action.workshopId))]);
    const titles = new Map(events.filter((event) => event && !event._deleted).map((event) => [event!.id, event!.title]));
    // An action of a deleted event is gone with it.
    return { actions: actions.filter((action) => titles.has(action.workshopId)), titles };
  }, [scope?.join()]);
  if (!data || !communities) return <Page title={t('followUp.screenTitle')} backTo="/workshops">{null}</Page>;
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
          {overdue.length > 0 && (
            <section aria-labelledby="overdue-title" data-testid="overdue-actions">
              <h2 id="overdue-title" className="section-title">
                {t('followUp.overdueTitle', { count: overdue.length })}
              </h2>
              <ul className="record-list">
                {overdue.map((action) => (
                  <ActionItem key={action.id} action={action} communities={communities} eventTitle={data.titles.get(action.workshopId) ?? ''} readOnly={readOnly} />
                ))}
              </ul>
            </section>
          )}
          {upcoming.length > 0 && (
            <section aria-labelledby="open-title" data-testid="open-actions">
              <h2 id="open-title" className="section-title">
                {t('followUp.openTitle', { count: upcoming.length })}
              </h2>
              <ul className="record-list">
                {upcoming.map((action) => (
                  <ActionItem key={action.id} action={action} communities={communities} eventTitle={data.titles.get(action.workshopId) ?? ''} readOnly={readOnly} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </Page>
  );
}
