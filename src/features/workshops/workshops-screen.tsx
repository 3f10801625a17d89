import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { firstThumb, type Workshop } from '../../core/model';
import { byWorkshop, isOverdue, localToday, participantTotals } from '../../core/workshops';
import { db } from '../../db/instance';
import { actionsOfCommunities, listWorkshops, participantsOf, participantsOfCommunities } from '../../db/workshops';
import { formatDay, formatNumber } from '../../i18n/format';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { CardBody, PlaceNote } from '../../ui/record-card';
import { saveFile } from '../../ui/save-file';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { mayRecordEvents, useSession } from '../../ui/use-session';
import { useMyCommunityIds } from './use-workshop-data';
import { useCommunities, type CommunityNames } from '../../ui/use-communities';

/** Events drawn at first, and added by each "show more": a coordinator's phone may hold thousands. */
const PAGE = 50;

/** The events of this person's communities, latest first, with the way to the actions, charts and exports. */
export function WorkshopsScreen() {
  const { t } = useTranslation('workshops');
  const { t: tt } = useTranslation('teams');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const scope = useMyCommunityIds();
  const communities = useCommunities();
  const [shown, setShown] = useState(PAGE);
  const mayWrite = mayRecordEvents(useSession());
  // The events and their open actions; people are counted only for the events on screen (a
  // coordinator's phone may hold tens of thousands of participants).
  const data = useLiveQuery(async () => {
    if (scope === undefined) return undefined;
    const events = await listWorkshops(db, scope ?? undefined, { withShared: true });
    const ids = new Set(events.map((event) => event.id));
    const open = (await db.actions.where('status').equals('open').toArray()).filter((action) => !action._deleted && ids.has(action.workshopId));
    return { events, open };
  }, [scope?.join()]);
  const shownIds = (data?.events ?? []).slice(0, shown).map((event) => event.id);
  const totals = useLiveQuery(async () => {
    const people = byWorkshop(await participantsOf(db, shownIds));
    return new Map((data?.events ?? []).slice(0, shown).map((event) => [event.id, participantTotals(event.tally, people.get(event.id) ?? []).total]));
  }, [shownIds.join(), data]);
  const today = localToday();
  const overdue = data?.open.filter((action) => isOverdue(action, today)).length ?? 0;
  const open = data?.open.length ?? 0;

  return (
    <Page
      title={t('title')}
      actions={
        community && mayWrite ? (
          <Link to="/workshops/new" className="button button-primary">
            {t('new')}
          </Link>
        ) : undefined
      }
    >
      <p className="lead">{t('intro')}</p>
      <p>
        <Link to="/teams" className="button">
          {tt('linkFromWorkshops')}
        </Link>
      </p>
      {!mayWrite && <p className="notice">{t('readOnly')}</p>}
      {data === undefined || communities === undefined ? null : data.events.length === 0 ? (
        <EmptyState title={t('empty.title')}>
          <p>{t('empty.text')}</p>
        </EmptyState>
      ) : (
        <>
          <nav className="link-row" aria-label={t('more')}>
            <Link to="/workshops/actions" className="button">
              {t('followUp.screenLink', { count: open })}
              {overdue > 0 && <span className="chip chip-overdue">{t('followUp.overdueCount', { count: overdue })}</span>}
            </Link>
            <Link to="/workshops/insight" className="button">
              {t('insight.link')}
            </Link>
          </nav>
          <div className="list-toolbar">
            <p className="list-count">{t('count', { count: data.events.length })}</p>
            <ExportButtons events={data.events} communities={communities} />
          </div>
          <ul className="record-list">
            {data.events.slice(0, shown).map((event) => {
              const total = totals?.get(event.id);
              return (
                <li key={event.id}>
                  <Link to={`/workshops/${event.id}`} className="record-link">
                    <span className="record-title">{event.title}</span>
                    <CardBody thumb={firstThumb(event.photos)}>
                      <span className="record-meta">
                        <span className="chip">{t(`type.${event.type}`)}</span> {formatDay(event.startDate, lang)}
                        {total !== undefined && ` · ${t('people', { count: total, n: formatNumber(total, lang) })}`}
                        {event.location && <PlaceNote location={event.location} />}
                      </span>
                    </CardBody>
                  </Link>
                </li>
              );
            })}
          </ul>
          {data.events.length > shown && (
            <button type="button" className="button show-more" onClick={() => setShown(shown + PAGE)}>
              {t('showMore', { count: Math.min(PAGE, data.events.length - shown) })}
            </button>
          )}
        </>
      )}
    </Page>
  );
}

/** Exports of the listed events, read in full only when asked for. */
function ExportButtons({ events, communities }: { events: Workshop[]; communities: CommunityNames }) {
  const { t } = useTranslation('workshops');
  const [busy, setBusy] = useState(false);
  async function exportAs(what: 'events' | 'participants' | 'actions') {
    setBusy(true);
    try {
      const { eventsCsv, participantsCsv, actionsCsv } = await import('./workshop-export');
      const communityIds = [...new Set(events.map((event) => event.communityId))];
      const [participants, actions] = await Promise.all([participantsOfCommunities(db, communityIds), actionsOfCommunities(db, communityIds)]);
      const blob =
        what === 'events'
          ? await eventsCsv(events, participants, actions, communities.name)
          : what === 'participants'
            ? await participantsCsv(events, participants, communities.name)
            : await actionsCsv(events, actions, communities.name);
      saveFile(blob, `ashar-${what}-${localToday()}.csv`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="export-buttons">
      {(['events', 'participants', 'actions'] as const).map((what) => (
        <button key={what} type="button" className="button" disabled={busy} onClick={() => void exportAs(what)}>
          {t(`export.${what}`)}
        </button>
      ))}
    </div>
  );
}
