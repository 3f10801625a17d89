import i18next from 'i18next';
import { LANGUAGES, PARTICIPANT_ROLES, WORKSHOP_TYPES, type FollowUpAction, type Participant, type Workshop } from '../../core/model';
import { toCsv, type Cell } from '../../core/export';
import { byUrgency, byWorkshop, isOverdue, localToday, participantTotals } from '../../core/workshops';
import { loadAllLanguages } from '../../i18n/setup';

// Loaded only when someone exports: the list screen does not carry it.

type Name = (id: string | null | undefined) => string;

async function translator() {
  await loadAllLanguages();
  const fixed = Object.fromEntries(LANGUAGES.map((lang) => [lang, i18next.getFixedT(lang, 'workshops')]));
  return (group: 'type' | 'role', key: string, lang: (typeof LANGUAGES)[number]) => {
    const known: readonly string[] = group === 'type' ? WORKSHOP_TYPES : PARTICIPANT_ROLES;
    return known.includes(key) ? fixed[lang]!(`${group}.${key}`) : key;
  };
}

function inOrderAdded(a: Participant, b: Participant): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

function csvBlob(header: readonly string[], rows: Record<string, Cell>[]): Blob {
  return new Blob(
    [
      toCsv(
        header,
        rows.map((row) => header.map((column) => row[column])),
      ),
    ],
    { type: 'text/csv;charset=utf-8' },
  );
}

const EVENT_COLUMNS = [
  'id',
  'type',
  ...LANGUAGES.map((lang) => `type_${lang}`),
  'title',
  'start_date',
  'end_date',
  'community',
  'host_community',
  'visiting_communities',
  'facilitators',
  'latitude',
  'longitude',
  'participants_total',
  'female',
  'male',
  'gender_not_recorded',
  'counted_without_names',
  'named',
  'agenda',
  'notes',
  'worked',
  'did_not_work',
  'questions',
  'decisions',
  'linked_case_studies',
  'photos',
  'actions_open',
  'actions_overdue',
  'created_at',
  'updated_at',
] as const;

/** One row per event, with its totals derived from the head count and the named list. */
export async function eventsCsv(
  events: readonly Workshop[],
  participants: readonly Participant[],
  actions: readonly FollowUpAction[],
  community: Name,
): Promise<Blob> {
  const name = await translator();
  const today = localToday();
  const people = byWorkshop(participants);
  const actionsOf = byWorkshop(actions);
  const rows = events.map((event) => {
    const totals = participantTotals(event.tally, people.get(event.id) ?? []);
    const own = actionsOf.get(event.id) ?? [];
    return {
      id: event.id,
      type: event.type,
      type_ky: name('type', event.type, 'ky'),
      type_ru: name('type', event.type, 'ru'),
      type_en: name('type', event.type, 'en'),
      title: event.title,
      start_date: event.startDate,
      end_date: event.endDate ?? '',
      community: community(event.communityId),
      host_community: community(event.hostCommunityId),
      visiting_communities: (event.visitingCommunityIds ?? []).map(community).join('; '),
      facilitators: event.facilitators ?? '',
      latitude: event.location?.lat ?? null,
      longitude: event.location?.lng ?? null,
      participants_total: totals.total,
      female: totals.byGender.female,
      male: totals.byGender.male,
      gender_not_recorded: totals.byGender.unknown,
      counted_without_names: totals.counted,
      named: totals.named,
      agenda: event.agenda ?? '',
      notes: event.notes ?? '',
      worked: event.worked ?? '',
      did_not_work: event.didNotWork ?? '',
      questions: event.questions ?? '',
      decisions: event.decisions ?? '',
      linked_case_studies: (event.linkedCaseStudyIds ?? []).join('; '),
      photos: (event.photos ?? []).length,
      actions_open: own.filter((action) => action.status === 'open').length,
      actions_overdue: own.filter((action) => isOverdue(action, today)).length,
      created_at: event.createdAt,
      updated_at: event.updatedAt,
    };
  });
  return csvBlob(EVENT_COLUMNS, rows);
}

const PARTICIPANT_COLUMNS = [
  'id',
  'event_id',
  'event_title',
  'event_date',
  'name',
  'gender',
  'role',
  ...LANGUAGES.map((lang) => `role_${lang}`),
  'community',
  'phone',
  'created_at',
] as const;

/** One row per named participant. A phone number is written only when its owner agreed. */
export async function participantsCsv(events: readonly Workshop[], participants: readonly Participant[], community: Name): Promise<Blob> {
  const name = await translator();
  const people = byWorkshop(participants);
  // Event by event, in the list's order; each event's people in the order they were added.
  const rows = events
    .flatMap((event) => (people.get(event.id) ?? []).sort(inOrderAdded).map((person) => ({ event, person })))
    .map(({ event, person }) => {
      const role = person.role ?? '';
      return {
        id: person.id,
        event_id: event.id,
        event_title: event.title,
        event_date: event.startDate,
        name: person.name,
        gender: person.gender ?? '',
        role,
        role_ky: role && name('role', role, 'ky'),
        role_ru: role && name('role', role, 'ru'),
        role_en: role && name('role', role, 'en'),
        community: community(person.fromCommunityId),
        phone: person.phoneConsent ? (person.phone ?? '') : '',
        created_at: person.createdAt,
      };
    });
  return csvBlob(PARTICIPANT_COLUMNS, rows);
}

const ACTION_COLUMNS = [
  'id',
  'event_id',
  'event_title',
  'action',
  'owner',
  'owner_community',
  'due_date',
  'status',
  'overdue',
  'created_at',
  'updated_at',
] as const;

export async function actionsCsv(events: readonly Workshop[], actions: readonly FollowUpAction[], community: Name): Promise<Blob> {
  const grouped = byWorkshop(actions);
  const today = localToday();
  const rows = events
    .flatMap((event) => (grouped.get(event.id) ?? []).sort(byUrgency).map((action) => ({ event, action })))
    .map(({ event, action }) => ({
      id: action.id,
      event_id: event.id,
      event_title: event.title,
      action: action.action,
      owner: action.owner ?? '',
      owner_community: community(action.ownerCommunityId),
      due_date: action.dueDate ?? '',
      status: action.status,
      overdue: isOverdue(action, today) ? 'yes' : 'no',
      created_at: action.createdAt,
      updated_at: action.updatedAt,
    }));
  return csvBlob(ACTION_COLUMNS, rows);
}
