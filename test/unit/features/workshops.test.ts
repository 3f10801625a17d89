import Papa from 'papaparse';
import i18next from 'i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../src/core/ids';
import { checkChange } from '../../../src/core/protocol';
import type { FollowUpAction, Participant, Workshop } from '../../../src/core/model';
import { validate, workshopFormSchema } from '../../../src/core/validation';
import { boxesOf, isOverdue, localToday, participantTotals, sumTotals, tallyOf, visitLinks } from '../../../src/core/workshops';
import { AsharDb } from '../../../src/db/database';
import {
  actionsOf,
  createWorkshop,
  deleteWorkshop,
  listWorkshops,
  openActions,
  participantsOf,
  saveAction,
  saveParticipant,
  setActionStatus,
  updateWorkshop,
} from '../../../src/db/workshops';
import { actionsCsv, eventsCsv, participantsCsv } from '../../../src/features/workshops/workshop-export';
import { startI18n } from '../../../src/i18n/setup';

beforeAll(async () => {
  if (!i18next.isInitialized) await startI18n('ky');
});

describe('participant totals', () => {
  it('adds the named list to the head count, by role and by gender, never twice', () => {
    const totals = participantTotals({ citizen: { female: 12, male: 9 }, youth: { female: 3 } }, [
      { role: 'ao_head', gender: 'male' },
      { role: 'citizen', gender: 'female' },
      { role: null, gender: null },
    ]);
    expect(totals).toMatchObject({ total: 27, counted: 24, named: 3 });
    expect(totals.byGender).toEqual({ female: 16, male: 10, unknown: 1 });
    expect(totals.byRole).toMatchObject({ citizen: 22, youth: 3, ao_head: 1, unknown: 1, finance_officer: 0 });
    expect(totals.grid.citizen).toEqual({ female: 13, male: 9, unknown: 0 });
    const both = sumTotals([totals, participantTotals({ cso: { male: 2 } }, [])]);
    expect(both).toMatchObject({ total: 29, counted: 26, named: 3 });
    expect(both.byGender.male).toBe(12);
  });

  it('turns the form boxes into a tally and back, keeping only real counts', () => {
    const tally = tallyOf({ 'citizen.female': 4, 'citizen.male': 0, 'king.female': 3, 'youth.male': 2 });
    expect(tally).toEqual({ citizen: { female: 4 }, youth: { male: 2 } });
    expect(boxesOf(tally)['citizen.female']).toBe('4');
    expect(boxesOf(tally)['citizen.male']).toBe('');
  });

  it('refuses a head count that is not a whole number, and an end before the start', () => {
    const base = {
      type: 'seminar',
      title: 'Бюджет',
      startDate: '2026-11-20',
      endDate: '',
      hostCommunityId: '',
      visitingCommunityIds: [],
      facilitators: '',
      agenda: '',
      notes: '',
      worked: '',
      didNotWork: '',
      questions: '',
      decisions: '',
      linkedCaseStudyIds: [],
      location: null,
    };
    expect(validate(workshopFormSchema, { ...base, tally: { 'citizen.female': '12' } })).toMatchObject({
      ok: true,
      value: { tally: { 'citizen.female': 12 } },
    });
    expect(validate(workshopFormSchema, { ...base, tally: { 'citizen.female': '-3' } })).toMatchObject({
      ok: false,
      errors: { 'tally.citizen.female': 'not_count' },
    });
    expect(validate(workshopFormSchema, { ...base, tally: { 'citizen.female': '2.5' } })).toMatchObject({ ok: false });
    expect(validate(workshopFormSchema, { ...base, endDate: '2026-11-19', tally: {} })).toMatchObject({ ok: false, errors: { endDate: 'date_order' } });
    expect(validate(workshopFormSchema, { ...base, hostCommunityId: 'a', visitingCommunityIds: ['a'], tally: {} })).toMatchObject({
      ok: false,
      errors: { visitingCommunityIds: 'host_visits' },
    });
  });
});

describe('follow-up actions and visits', () => {
  it('calls an open action overdue only after its due day', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-11-22' }, '2026-11-23')).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: '2026-11-23' }, '2026-11-23')).toBe(false);
    expect(isOverdue({ status: 'done', dueDate: '2026-01-01' }, '2026-11-23')).toBe(false);
    expect(isOverdue({ status: 'open', dueDate: null }, '2026-11-23')).toBe(false);
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('draws who visited whom from exchange visits and study tours only', () => {
    const links = visitLinks([
      { type: 'exchange_visit', communityId: 'a', hostCommunityId: 'a', visitingCommunityIds: ['b', 'c'] },
      { type: 'exchange_visit', communityId: 'b', hostCommunityId: 'a', visitingCommunityIds: ['b'] },
      { type: 'study_tour', communityId: 'c', hostCommunityId: null, visitingCommunityIds: ['a'] },
      { type: 'seminar', communityId: 'a', hostCommunityId: 'a', visitingCommunityIds: ['d'] },
    ]);
    expect(links).toEqual([
      { from: 'b', to: 'a', visits: 2 },
      { from: 'a', to: 'c', visits: 1 },
      { from: 'c', to: 'a', visits: 1 },
    ]);
  });
});

describe('events on the phone', () => {
  let db: AsharDb;
  let counter = 0;
  const C1 = newId();
  const C2 = newId();
  beforeEach(async () => {
    counter += 1;
    db = new AsharDb(`workshops-test-${counter}`);
    await db.open();
  });
  afterEach(async () => {
    await db.delete();
  });

  const input = {
    type: 'exchange_visit' as const,
    title: 'Ак-Сайга тажрыйба алмашуу сапары',
    startDate: '2026-11-20',
    endDate: null,
    hostCommunityId: null,
    visitingCommunityIds: [],
    facilitators: '',
    agenda: '',
    notes: '',
    worked: '',
    didNotWork: '',
    questions: '',
    decisions: '',
    linkedCaseStudyIds: [],
    location: null,
    tally: { citizen: { female: 4 } },
  };

  it('queues only valid changes: the event, each participant and each action is a record of its own', async () => {
    const id = await createWorkshop(db, C1, input);
    const workshop = (await db.workshops.get(id))!;
    expect(workshop).not.toHaveProperty('endDate');
    await saveParticipant(db, workshop, undefined, {
      name: 'Айгүл',
      gender: 'female',
      role: 'finance_officer',
      fromCommunityId: null,
      phone: '',
      phoneConsent: false,
    });
    await saveParticipant(db, workshop, undefined, {
      name: 'Нурбек',
      gender: 'male',
      role: null,
      fromCommunityId: null,
      phone: '+996 555 12 34 56',
      phoneConsent: true,
    });
    await saveAction(db, workshop, undefined, { action: 'Бюджеттик угуу', owner: 'Финансист', ownerCommunityId: null, dueDate: '2026-01-10', status: 'open' });
    // Clearing a field on an edit is sent as null, which the server accepts.
    await updateWorkshop(db, id, { ...input, endDate: null, hostCommunityId: null, location: null, notes: 'Жаңы' });
    const outbox = await db.outbox.toArray();
    expect(outbox.map((entry) => entry.collection)).toEqual(['workshops', 'participants', 'participants', 'actions', 'workshops']);
    for (const entry of outbox) {
      const result = checkChange({ id: entry.changeId, collection: entry.collection, docId: entry.docId, hlc: entry.hlc, set: entry.set });
      expect(result, JSON.stringify(entry.set)).toMatchObject({ ok: true });
    }
    expect((await participantsOf(db, [id])).map((person) => person.name)).toEqual(['Айгүл', 'Нурбек']);
    expect((await participantsOf(db, [id]))[1]).toMatchObject({ workshopId: id, communityId: C1 });
  });

  it('lists open actions of the chosen communities, most urgent first, and deletes an event with all of its own', async () => {
    const a = await createWorkshop(db, C1, input);
    const b = await createWorkshop(db, C2, { ...input, title: 'Башка' });
    const eventA = (await db.workshops.get(a))!;
    const eventB = (await db.workshops.get(b))!;
    const late = await saveAction(db, eventA, undefined, { action: 'Кечиккен', owner: '', ownerCommunityId: null, dueDate: '2026-01-01', status: 'open' });
    await saveAction(db, eventA, undefined, { action: 'Мөөнөтсүз', owner: '', ownerCommunityId: null, dueDate: null, status: 'open' });
    const done = await saveAction(db, eventA, undefined, { action: 'Бүттү', owner: '', ownerCommunityId: null, dueDate: '2026-02-01', status: 'open' });
    await saveAction(db, eventB, undefined, { action: 'Башка жамаат', owner: '', ownerCommunityId: null, dueDate: '2026-01-01', status: 'open' });
    await setActionStatus(db, done, 'done');
    expect((await openActions(db, [C1])).map((action) => action.action)).toEqual(['Кечиккен', 'Мөөнөтсүз']);
    expect((await listWorkshops(db, [C1])).map((event) => event.id)).toEqual([a]);
    await saveParticipant(db, eventA, undefined, { name: 'Айгүл', gender: null, role: null, fromCommunityId: null, phone: '', phoneConsent: false });

    await deleteWorkshop(db, a);
    expect(await listWorkshops(db, [C1])).toEqual([]);
    expect(await actionsOf(db, [a])).toEqual([]);
    expect(await participantsOf(db, [a])).toEqual([]);
    const deletes = (await db.outbox.toArray()).filter((entry) => entry.deleted);
    expect(deletes.map((entry) => entry.collection).sort()).toEqual(['actions', 'actions', 'actions', 'participants', 'workshops']);
    expect((await db.actions.get(late))!._deleted).toBe(1);
  });
});

describe('workshop exports', () => {
  const meta = { communityId: 'c1', createdBy: 'me', createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z' };
  const event: Workshop = {
    ...meta,
    id: 'w1',
    type: 'exchange_visit',
    title: '=HYPERLINK("http://evil") сапар, "Ак-Сай"',
    startDate: '2026-11-20',
    hostCommunityId: 'c1',
    visitingCommunityIds: ['c2'],
    worked: 'Саптар:\nбиринчи\nэкинчи',
    tally: { citizen: { female: 5, male: 4 } },
  };
  const people: Participant[] = [
    {
      ...meta,
      id: 'p1',
      workshopId: 'w1',
      name: 'Айгүл',
      gender: 'female',
      role: 'finance_officer',
      fromCommunityId: 'c2',
      phone: '+996 555',
      phoneConsent: true,
    },
    { ...meta, id: 'p2', workshopId: 'w1', name: '@Болот', gender: 'male', role: 'ao_head', phone: '0777', phoneConsent: false },
  ];
  const actions: FollowUpAction[] = [
    { ...meta, id: 'a1', workshopId: 'w1', action: 'Бюджеттик угуу', owner: 'Айгүл', dueDate: '2020-01-01', status: 'open' },
    { ...meta, id: 'a2', workshopId: 'w1', action: 'Отчёт', status: 'done' },
  ];
  const names = (id: string | null | undefined) => ({ c1: 'Ак-Сай', c2: 'Кара-Суу' })[id as 'c1'] ?? '';
  const parse = async (blob: Blob) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true }).data;
  };

  it('writes events with derived totals, participants without unconsented phones, and actions with overdue flags', async () => {
    const [row] = await parse(await eventsCsv([event], people, actions, names));
    expect(row).toMatchObject({
      id: 'w1',
      type_ky: 'Тажрыйба алмашуу сапары',
      type_en: 'Exchange visit',
      title: '\'=HYPERLINK("http://evil") сапар, "Ак-Сай"',
      host_community: 'Ак-Сай',
      visiting_communities: 'Кара-Суу',
      participants_total: '11',
      female: '6',
      male: '5',
      counted_without_names: '9',
      named: '2',
      worked: 'Саптар:\nбиринчи\nэкинчи',
      actions_open: '1',
      actions_overdue: '1',
    });
    const persons = await parse(await participantsCsv([event], people, names));
    expect(persons).toHaveLength(2);
    expect(persons[0]).toMatchObject({ name: 'Айгүл', role: 'finance_officer', role_ru: 'Финансист', community: 'Кара-Суу', phone: "'+996 555" });
    expect(persons[1]).toMatchObject({ name: "'@Болот", phone: '' });
    const rows = await parse(await actionsCsv([event], actions, names));
    expect(rows.map((action) => [action.action, action.status, action.overdue])).toEqual([
      ['Бюджеттик угуу', 'open', 'yes'],
      ['Отчёт', 'done', 'no'],
    ]);
  });
});
