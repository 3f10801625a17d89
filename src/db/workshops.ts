import { newId } from '../core/ids';
import type { ActionFields, ActionStatus, FollowUpAction, Participant, ParticipantFields, Workshop, WorkshopFields } from '../core/model';
import { byUrgency } from '../core/workshops';
import type { AsharDb, LocalDoc } from './database';
import { deleteDoc, writeDoc, type WriteOptions } from './docs';

export type WorkshopInput = Omit<WorkshopFields, 'photos'>;

export async function createWorkshop(db: AsharDb, communityId: string, input: WorkshopInput, options: WriteOptions = {}): Promise<string> {
  const id = newId();
  await writeDoc(db, 'workshops', id, { ...withoutEmpty(input), communityId }, options);
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

export async function getWorkshop(db: AsharDb, id: string): Promise<LocalDoc<Workshop> | undefined> {
  const row = await db.workshops.get(id);
  return row && !row._deleted ? row : undefined;
}

/** Events of the given communities (every event on the phone when none are given), latest first. */
export async function listWorkshops(db: AsharDb, communityIds?: readonly string[]): Promise<LocalDoc<Workshop>[]> {
  const rows = communityIds ? await db.workshops.where('communityId').anyOf([...communityIds]).toArray() : await db.workshops.toArray();
  return rows.filter((row) => !row._deleted).sort((a, b) => b.startDate.localeCompare(a.startDate) || b.updatedAt.localeCompare(a.updatedAt));
}

export async function participantsOf(db: AsharDb, workshopIds: readonly string[]): Promise<LocalDoc<Participant>[]> {
  const rows = await db.participants.where('workshopId').anyOf([...workshopIds]).toArray();
  return rows.filter((row) => !row._deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export async function actionsOf(db: AsharDb, workshopIds: readonly string[]): Promise<LocalDoc<FollowUpAction>[]> {
  const rows = await db.actions.where('workshopId').anyOf([...workshopIds]).toArray();
  return rows.filter((row) => !row._deleted).sort(byUrgency);
}

/** Open follow-up actions of the given communities' events, most urgent first. */
export async function openActions(db: AsharDb, communityIds: readonly string[]): Promise<LocalDoc<FollowUpAction>[]> {
  const rows = await db.actions.where('communityId').anyOf([...communityIds]).toArray();
  return rows.filter((row) => !row._deleted && row.status === 'open').sort(byUrgency);
}

export type ParticipantInput = Omit<ParticipantFields, 'workshopId'>;

/** Adds (no id) or edits a named participant. It belongs to the event's community. */
export async function saveParticipant(db: AsharDb, workshop: Pick<Workshop, 'id' | 'communityId'>, id: string | undefined, input: ParticipantInput): Promise<string> {
  const docId = id ?? newId();
  const fields = id ? { ...input } : { ...withoutEmpty(input), workshopId: workshop.id, communityId: workshop.communityId };
  await writeDoc(db, 'participants', docId, fields as Record<string, unknown>);
  return docId;
}

export function deleteParticipant(db: AsharDb, id: string): Promise<void> {
  return deleteDoc(db, 'participants', id);
}

export type ActionInput = Omit<ActionFields, 'workshopId'>;

export async function saveAction(db: AsharDb, workshop: Pick<Workshop, 'id' | 'communityId'>, id: string | undefined, input: ActionInput): Promise<string> {
  const docId = id ?? newId();
  const fields = id ? { ...input } : { ...withoutEmpty(input), workshopId: workshop.id, communityId: workshop.communityId };
  await writeDoc(db, 'actions', docId, fields as Record<string, unknown>);
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
