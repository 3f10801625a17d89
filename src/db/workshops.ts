import { newId } from '../core/ids';
import type { ActionFields, ActionStatus, FollowUpAction, Participant, ParticipantFields, Workshop, WorkshopFields } from '../core/model';
import { byUrgency } from '../core/workshops';
import type { Table } from 'dexie';
import type { AsharDb, LocalDoc } from './database';
import { deleteDoc, writeDoc, type WriteOptions } from './docs';
import { whereAnyOf } from './query';

export type WorkshopInput = Omit<WorkshopFields, 'photos'>;

/** `options.id`: the id chosen when the form opened (its photos are kept under it). */
export async function createWorkshop(db: AsharDb, communityId: string, input: WorkshopInput, options: WriteOptions & { id?: string } = {}): Promise<string> {
  const { id = newId(), ...write } = options;
  await writeDoc(db, 'workshops', id, { ...withoutEmpty(input), communityId }, { ...write, create: true });
  return id;
}

export function updateWorkshop(db: AsharDb, id: string, input: WorkshopInput, options: WriteOptions = {}): Promise<boolean> {
  return writeDoc(db, 'workshops', id, input as unknown as Record<string, unknown>, options);
}

/** Deletes an event with its participants and follow-up actions, all or nothing. */
export async function deleteWorkshop(db: AsharDb, id: string): Promise<void> {
  await db.transaction('rw', [db.workshops, db.participants, db.actions, db.outbox, db.meta], async () => {
    for (const participant of await db.participants.where('workshopId').equals(id).toArray()) await deleteDoc(db, 'participants', participant.id);
    for (const action of await db.actions.where('workshopId').equals(id).toArray()) await deleteDoc(db, 'actions', action.id);
    await deleteDoc(db, 'workshops', id);
  });
}

/** The rows of a table that belong to the given communities (read by community, a handful of index keys). */
const ofCommunities = <T extends { id: string }>(table: Table<T, string>, communityIds: readonly string[]) => whereAnyOf(table, 'communityId', communityIds);

export async function getWorkshop(db: AsharDb, id: string): Promise<LocalDoc<Workshop> | undefined> {
  const row = await db.workshops.get(id);
  return row && !row._deleted ? row : undefined;
}

/**
 * Events of the given communities (every event on the phone when none are given), latest first;
 * `withShared` adds the events other communities shared with them.
 */
export async function listWorkshops(db: AsharDb, communityIds?: readonly string[], options: { withShared?: boolean } = {}): Promise<LocalDoc<Workshop>[]> {
  const rows = communityIds ? await ofCommunities(db.workshops, communityIds) : await db.workshops.toArray();
  if (communityIds && options.withShared) {
    const known = new Set(rows.map((row) => row.id));
    for (const row of await whereAnyOf(db.workshops, 'sharedWith', communityIds)) if (!known.has(row.id)) rows.push(row);
  }
  return rows.filter((row) => !row._deleted).sort((a, b) => b.startDate.localeCompare(a.startDate) || b.updatedAt.localeCompare(a.updatedAt));
}

export async function participantsOf(db: AsharDb, workshopIds: readonly string[]): Promise<LocalDoc<Participant>[]> {
  const rows = await whereAnyOf(db.participants, 'workshopId', workshopIds);
  return rows.filter((row) => !row._deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * Every named participant of the given communities' events (all on the phone for null), unsorted:
 * read by community (a handful of index keys) rather than by event (thousands), for charts.
 */
export async function participantsOfCommunities(db: AsharDb, communityIds: readonly string[] | null): Promise<LocalDoc<Participant>[]> {
  const rows = communityIds ? await ofCommunities(db.participants, communityIds) : await db.participants.toArray();
  return rows.filter((row) => !row._deleted);
}

/** Every follow-up action of the given communities' events (all on the phone for null), unsorted. */
export async function actionsOfCommunities(db: AsharDb, communityIds: readonly string[] | null): Promise<LocalDoc<FollowUpAction>[]> {
  const rows = communityIds ? await ofCommunities(db.actions, communityIds) : await db.actions.toArray();
  return rows.filter((row) => !row._deleted);
}

export async function actionsOf(db: AsharDb, workshopIds: readonly string[]): Promise<LocalDoc<FollowUpAction>[]> {
  const rows = await whereAnyOf(db.actions, 'workshopId', workshopIds);
  return rows.filter((row) => !row._deleted).sort(byUrgency);
}

/** Open follow-up actions of the given communities' events (all on the phone for null), most urgent first. */
export async function openActions(db: AsharDb, communityIds: readonly string[] | null): Promise<LocalDoc<FollowUpAction>[]> {
  const rows = await db.actions.where('status').equals('open').toArray();
  const scope = communityIds && new Set(communityIds);
  return rows.filter((row) => !row._deleted && (!scope || scope.has(row.communityId))).sort(byUrgency);
}

export type ParticipantInput = Omit<ParticipantFields, 'workshopId'>;

/** Adds (no id) or edits a named participant. It belongs to the event's community. */
export async function saveParticipant(
  db: AsharDb,
  workshop: Pick<Workshop, 'id' | 'communityId'>,
  id: string | undefined,
  input: ParticipantInput,
  options: { clearDraft?: string } = {},
): Promise<string> {
  const docId = id ?? newId();
  const fields = id ? { ...input } : { ...withoutEmpty(input), workshopId: workshop.id, communityId: workshop.communityId };
  await writeDoc(db, 'participants', docId, fields as Record<string, unknown>, options);
  return docId;
}

export function deleteParticipant(db: AsharDb, id: string): Promise<void> {
  return deleteDoc(db, 'participants', id);
}

export type ActionInput = Omit<ActionFields, 'workshopId'>;

export async function saveAction(
  db: AsharDb,
  workshop: Pick<Workshop, 'id' | 'communityId'>,
  id: string | undefined,
  input: ActionInput,
  options: { clearDraft?: string } = {},
): Promise<string> {
  const docId = id ?? newId();
  const fields = id ? { ...input } : { ...withoutEmpty(input), workshopId: workshop.id, communityId: workshop.communityId };
  await writeDoc(db, 'actions', docId, fields as Record<string, unknown>, options);
  return docId;
}

export async function setActionStatus(db: AsharDb, id: string, status: ActionStatus): Promise<void> {
  await writeDoc(db, 'actions', id, { status });
}

export function deleteAction(db: AsharDb, id: string): Promise<void> {
  return deleteDoc(db, 'actions', id);
}

/** A new record need not carry its empty fields: null means "cleared", which only an edit needs. */
function withoutEmpty<T extends object>(input: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== ''));
}
