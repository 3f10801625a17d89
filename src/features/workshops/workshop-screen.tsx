import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useLocation, useParams } from 'react-router';
import { WORKSHOP_TEXTS, type FollowUpAction, type Participant, type Workshop } from '../../core/model';
import { participantTotals } from '../../core/workshops';
import { db } from '../../db/instance';
import { actionsOf, deleteParticipant, getWorkshop, participantsOf } from '../../db/workshops';
import { formatDay, formatNumber } from '../../i18n/format';
import { AttachmentList, AttachmentPicker } from '../../ui/attachments';
import { ExampleChip } from '../../ui/example-note';
import { Page } from '../../ui/page';
import { RichText } from '../../ui/rich-text';
import { useLanguage } from '../../ui/use-app-data';
import { mayEditRecord, mayRecordEvents, useSession } from '../../ui/use-session';
import { ConflictNotice } from '../../ui/conflict-notice';
import { ShareCard, SharedRecordNote } from '../../ui/share-card';
import { ActionForm } from './action-form';
import { ActionItem } from './action-item';
import { ParticipantForm } from './participant-form';
import { TotalsTable } from './totals-table';
import { useCommunities, type CommunityNames } from '../../ui/use-communities';

/** One event: what happened, who came, what was learnt, and who follows up on what. */
export function WorkshopScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation('workshops');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
  const location = useLocation();
  const state = location.state as { saved?: boolean; photoProblem?: string | null } | null;
  const workshop = useLiveQuery(async () => (await getWorkshop(db, id)) ?? null, [id]);
  const participants = useLiveQuery(() => participantsOf(db, [id]), [id]);
  const actions = useLiveQuery(() => actionsOf(db, [id]), [id]);
  const linked = useLiveQuery(
    async () => (workshop?.linkedCaseStudyIds?.length ? (await db.caseStudies.bulkGet(workshop.linkedCaseStudyIds)).filter((doc) => doc && !doc._deleted) : []),
    [workshop?.linkedCaseStudyIds?.join()],
  );
  const communities = useCommunities();
  const session = useSession();

  if (workshop === null) {
    return (
      <Page title={t('notFound')} backTo="/workshops">
        <p>{t('notFoundText')}</p>
      </Page>
    );
  }
  if (!workshop || !participants || !actions || !communities) return null;
  // An event another community shared with this one is read here, never changed.
  const ours = mayEditRecord(session, { communityId: workshop.communityId });
  const mayWrite = mayRecordEvents(session) && ours;
  const totals = participantTotals(workshop.tally, participants);
  const dates = [workshop.startDate, workshop.endDate].filter((day): day is string => !!day && day !== '').map((day) => formatDay(day, lang));

  return (
    <Page title={workshop.title} backTo="/workshops">
      {state?.saved && (
        <p className="notice notice-success" role="status">
          {t('saved')}
        </p>
      )}
      {state?.photoProblem && (
        <p className="notice notice-warning" role="alert">
          {tc(state.photoProblem)}
        </p>
      )}
      {!ours && <SharedRecordNote communityId={workshop.communityId} />}
      {workshop.teamId && <TeamLink teamId={workshop.teamId} />}
      <ConflictNotice
        collection="workshops"
        record={workshop}
        label={(field) => t(`field.${field}`)}
        show={(field, value) => (field === 'type' && typeof value === 'string' ? t(`type.${value}`) : plainText(value))}
        editable={mayWrite}
      />
      <dl className="facts">
        <div>
          <dt>{t('field.type')}</dt>
          <dd>{t(`type.${workshop.type}`)}</dd>
        </div>
        <div>
          <dt>{t('detail.when')}</dt>
          <dd>{[...new Set(dates)].join(' – ')}</dd>
        </div>
        {workshop.hostCommunityId && (
          <div>
            <dt>{t('field.host')}</dt>
            <dd>{communities.name(workshop.hostCommunityId) || t('unknownCommunity')}</dd>
          </div>
        )}
        {(workshop.visitingCommunityIds ?? []).length > 0 && (
          <div>
            <dt>{t('field.visitors')}</dt>
            <dd>{workshop.visitingCommunityIds!.map((visitor) => communities.name(visitor) || t('unknownCommunity')).join(', ')}</dd>
          </div>
        )}
        {workshop.facilitators && (
          <div>
            <dt>{t('field.facilitators')}</dt>
            <dd>{workshop.facilitators}</dd>
          </div>
        )}
      </dl>
      <div className="form-actions">
        {mayWrite && (
          <Link to={`/workshops/${workshop.id}/edit`} className="button">
            {t('detail.edit')}
          </Link>
        )}
        <Link to={`/print/workshop/${workshop.id}`} className="button">
          {t('detail.report')}
        </Link>
      </div>

      <section className="case-section" aria-labelledby="people-title">
        <h2 id="people-title">{t('participants.title')}</h2>
        <p className="lead" data-testid="people-summary">
          {t('participants.summary', {
            count: totals.total,
            total: formatNumber(totals.total, lang),
            female: formatNumber(totals.byGender.female, lang),
            male: formatNumber(totals.byGender.male, lang),
          })}
        </p>
        <p className="field-hint">{t('participants.split', { counted: formatNumber(totals.counted, lang), named: formatNumber(totals.named, lang) })}</p>
        {totals.total > 0 && <TotalsTable totals={totals} />}
        <ParticipantsList workshop={workshop} participants={participants} communities={communities} mayWrite={mayWrite} />
      </section>

      <section className="case-section" aria-labelledby="actions-title">
        <h2 id="actions-title">{t('followUp.title')}</h2>
        <ActionsList workshop={workshop} actions={actions} communities={communities} mayWrite={mayWrite} />
      </section>

      {WORKSHOP_TEXTS.map((field) =>
        workshop[field] ? (
          <section key={field} className="case-section">
            <h2>{t(`field.${field}`)}</h2>
            <RichText text={workshop[field]!} />
          </section>
        ) : null,
      )}
      {linked && linked.length > 0 && (
        <section className="case-section">
          <h2>{t('field.linkedCaseStudies')}</h2>
          <ul>
            {linked.map((doc) => (
              <li key={doc!.id}>
                <Link to={`/library/${doc!.id}`}>{doc!.title}</Link>
                {doc!.example && (
                  <>
                    {' '}
                    <ExampleChip />
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="case-section">
        <h2>{t('field.photos')}</h2>
        <p className="field-hint">{t('field.photosHint')}</p>
        <AttachmentList owner={{ collection: 'workshops', docId: workshop.id }} attachments={workshop.photos ?? []} editable={mayWrite} />
        {mayWrite && <AttachmentPicker owner={{ collection: 'workshops', docId: workshop.id }} acceptPdf={false} />}
      </section>
      {ours && <ShareCard collection="workshops" record={workshop} />}
    </Page>
  );
}

function ParticipantsList({
  workshop,
  participants,
  communities,
  mayWrite,
}: {
  workshop: Workshop;
  participants: Participant[];
  communities: CommunityNames;
  mayWrite: boolean;
}) {
  const { t } = useTranslation('workshops');
  const { t: tc } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <>
      {participants.length > 0 && (
        <ul className="record-list" aria-label={t('participants.named')}>
          {participants.map((person) =>
            editing === person.id ? (
              <li key={person.id}>
                <ParticipantForm workshop={workshop} participant={person} communities={communities} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={person.id} className="record-item participant-item">
                <span className="record-title">{person.name}</span>
                <span className="record-meta">
                  {[
                    person.role ? t(`role.${person.role}`) : null,
                    person.gender ? t(`gender.${person.gender}`) : null,
                    communities.name(person.fromCommunityId) || null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {person.phoneConsent && person.phone && (
                  <a className="record-meta" href={`tel:${person.phone.replace(/[^0-9+]/g, '')}`}>
                    {person.phone}
                  </a>
                )}
                {mayWrite && (
                  <span className="row-actions">
                    {confirming === person.id ? (
                      <>
                        <button type="button" className="button button-danger" onClick={() => void deleteParticipant(db, person.id)}>
                          {t('participants.removeConfirm', { name: person.name })}
                        </button>
                        <button type="button" className="button" onClick={() => setConfirming(null)}>
                          {tc('actions.keep')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setEditing(person.id)}
                          aria-label={`${t('participants.edit')}: ${person.name}`}
                        >
                          {t('participants.editShort')}
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setConfirming(person.id)}
                          aria-label={`${tc('files.removeShort')}: ${person.name}`}
                        >
                          {tc('files.removeShort')}
                        </button>
                      </>
                    )}
                  </span>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {!mayWrite ? null : editing === 'new' ? (
        <ParticipantForm workshop={workshop} communities={communities} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          {t('participants.add')}
        </button>
      )}
    </>
  );
}

function ActionsList({
  workshop,
  actions,
  communities,
  mayWrite,
}: {
  workshop: Workshop;
  actions: FollowUpAction[];
  communities: CommunityNames;
  mayWrite: boolean;
}) {
  const { t } = useTranslation('workshops');
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      {actions.length === 0 && <p className="field-hint">{t('followUp.none')}</p>}
      {actions.length > 0 && (
        <ul className="record-list">
          {actions.map((action) =>
            editing === action.id ? (
              <li key={action.id}>
                <ActionForm workshop={workshop} action={action} communities={communities} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <ActionItem
                key={action.id}
                action={action}
                communities={communities}
                {...(mayWrite ? { onEdit: () => setEditing(action.id) } : { readOnly: true })}
              />
            ),
          )}
        </ul>
      )}
      {!mayWrite ? null : editing === 'new' ? (
        <ActionForm workshop={workshop} communities={communities} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          {t('followUp.add')}
        </button>
      )}
    </>
  );
}

function plainText(value: unknown): string {
  return typeof value === 'string' && value ? value : '—';
}

/** A learning team's event leads back to its team (when the team is on this phone). */
function TeamLink({ teamId }: { teamId: string }) {
  const { t: tt } = useTranslation('teams');
  const team = useLiveQuery(() => db.teams.get(teamId), [teamId]);
  if (!team || team._deleted) return null;
  return (
    <p>
      <Link to={`/teams/${teamId}`}>{tt('events.ofTeam', { name: team.name })}</Link>
    </p>
  );
}
