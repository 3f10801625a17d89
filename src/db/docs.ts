import { Dexie } from 'dexie';
import { newId } from '../core/ids';
import type { Collection } from '../core/model';
import type { AsharDb, LocalDoc, OutboxEntry } from './database';
import { BELIEVABLE_SINCE_MS } from '../core/protocol-basics';
import type { FieldConflict } from '../core/protocol';
import { nextStamp } from './clock';
import { decodeHlc } from '../core/hlc';
import { LOCAL_FIELDS } from './doc-state';
import { getMeta, setMeta } from './meta';
import { askPersistenceOnce } from './storage';

export interface WriteOptions {
  /** A form draft to drop in the same transaction, so a saved form never comes back as a draft. */
  clearDraft?: string;
  /**
   * Fields to write even when their value is the same: a person who saw two values written at the
   * same time keeps this one, and their write (made having seen both) settles the conflict.
   */
  restamp?: readonly string[];
  /**
   * A new record: refused (`RecordTaken`) when its id is in use already, so that creating never
   * writes over a saved record. A form's draft carries the id its record will have, and two tabs on
   * the same new form share that draft: the second to save must not overwrite the first.
   */
  create?: boolean;
}

/** A new record's id is already a saved record's (see `WriteOptions.create`). Nothing was written. */
export class RecordTaken extends Error {
  constructor(
    readonly collection: Collection,
    readonly docId: string,
  ) {
    super(`${collection}/${docId} exists already`);
    this.name = 'RecordTaken';
  }
}

/**
 * Creates or edits a record. The record and its outbox entry are written in one transaction, so
 * there is never a saved record that will not be sent, nor a change sent for a record not saved.
 * Only fields whose value really changed are stamped and queued. Returns false when nothing changed.
 */
export async function writeDoc(
  db: AsharDb,
  collection: Collection,
  docId: string,
  fields: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<boolean> {
  const table = db.docs(collection);
  const changed = await db.transaction('rw', [table, db.outbox, db.meta, db.drafts], async () => {
    if (options.clearDraft) await db.drafts.delete(options.clearDraft);
    const current = (await table.get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
    if (current && options.create) throw new RecordTaken(collection, docId);
    if (current?._deleted) throw new Error(`${collection}/${docId} was deleted`);
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (LOCAL_FIELDS.has(field) || value === undefined) continue;
      if (!current || !sameValue(current[field], value) || options.restamp?.includes(field)) set[field] = value;
    }
    if (Object.keys(set).length === 0) return false;
    const author = await currentAuthor(db);
    const hlc = await nextStamp(db);
    const now = stampTime(hlc);
    if (!current) {
      set.createdAt = now;
      set.createdBy = author;
    }
    set.updatedAt = now;
    const versions = { ...current?._v };
    for (const field of Object.keys(set)) versions[field] = hlc;
    await table.put({ ...current, ...set, id: docId, _v: versions, _deleted: 0, ...settled(current?._c, Object.keys(set)) } as never);
    const base = baseStamps(current?._sv, Object.keys(set));
    await queue(db, { collection, docId, hlc, set, queuedAt: now, author, ...(base ? { base } : {}) });
    return true;
  });
  // Outside any transaction this write may be part of (a record saved with its photos): the
  // question to the browser waits on something that is not the database.
  if (changed) void Dexie.ignoreTransaction(() => askPersistenceOnce(db));
  return changed;
}

/** Deletes a record as a tombstone: it disappears from every list here and, after sync, everywhere. */
export async function deleteDoc(db: AsharDb, collection: Collection, docId: string): Promise<void> {
  const table = db.docs(collection);
  await db.transaction('rw', [table, db.outbox, db.meta], async () => {
    const current = await table.get(docId);
    if (!current || current._deleted) return;
    const hlc = await nextStamp(db);
    const now = stampTime(hlc);
    await table.put({ ...current, _deleted: 1, _v: { ...current._v, _deleted: hlc } });
    await queue(db, { collection, docId, hlc, deleted: true, queuedAt: now, author: await currentAuthor(db) });
  });
}

async function queue(db: AsharDb, entry: Omit<OutboxEntry, 'changeId'>): Promise<void> {
  await db.outbox.add({ changeId: newId(), ...entry });
}

/**
 * Who is signed in on this phone ('' for no one): the author of what is written now. A Dexie promise
 * (not an async function): awaited two async functions deep, a native promise loses the caller's
 * transaction when that transaction is nested in another (a record saved with its photos).
 */
export function currentAuthor(db: AsharDb): Promise<string> {
  return db.meta.get('session').then((row) => (row?.value as { user?: { id?: string } } | null | undefined)?.user?.id ?? '');
}

/**
 * The date a record is marked as made or changed: the time of its clock stamp (the phone's clock
 * corrected by what the server last said), never before Ashar existed. A phone whose clock was
 * reset to 1970 would otherwise send a date the server refuses; this one it replaces with its own.
 */
function stampTime(hlc: string): string {
  return new Date(Math.max(decodeHlc(hlc)!.wallMs, BELIEVABLE_SINCE_MS)).toISOString();
}

/**
 * The conflicts a record still shows once these fields are written: a value written here, by a
 * person who saw the conflict's two values, settles it (the server agrees once the change arrives).
 */
export function settled(conflicts: Record<string, FieldConflict> | undefined, fields: readonly string[]): { _c?: Record<string, FieldConflict> } {
  if (!conflicts) return {};
  const left = Object.fromEntries(Object.entries(conflicts).filter(([field]) => !fields.includes(field)));
  return { _c: left };
}

/** The server's stamps of the fields a change sets, as the phone last received them. */
function baseStamps(server: Record<string, string> | undefined, fields: string[]): Record<string, string> | undefined {
  if (!server) return undefined;
  const base = Object.fromEntries(fields.filter((field) => server[field] !== undefined).map((field) => [field, server[field]!]));
  return Object.keys(base).length > 0 ? base : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Moves a record the server refused for its community (made before sign-in, in a community this
 * person does not belong to, or one made by hand on the phone) into one of theirs. The server never
 * stored it, so its refused changes are replaced by one change carrying the whole record, freshly
 * stamped: nothing typed is lost, and it is sent again at the next sync.
 */
export async function moveToCommunity(db: AsharDb, collection: Collection, docId: string, communityId: string): Promise<void> {
  const table = db.docs(collection);
  await db.transaction('rw', [table, db.outbox, db.meta], () => moveInTransaction(db, collection, docId, communityId));
}

/**
 * Moves every record of a community made by hand on this phone into one of the signed-in person's,
 * in one transaction (events with their participants and follow-up actions, so they stay together),
 * and makes that the phone's community. Returns how many records moved.
 */
export async function moveCommunityRecords(db: AsharDb, from: string, to: string): Promise<number> {
  let moved = 0;
  await db.transaction('rw', [...db.docTables, db.outbox, db.meta], async () => {
    for (const table of db.docTables) {
      const ids = (await table.where('communityId').equals(from).primaryKeys()) as string[];
      for (const id of ids) await moveInTransaction(db, table.name as Collection, id, to);
      moved += ids.length;
    }
    if ((await getMeta<string>(db, 'currentCommunityId')) === from || !(await getMeta<string>(db, 'currentCommunityId')))
      await setMeta(db, 'currentCommunityId', to);
  });
  return moved;
}

async function moveInTransaction(db: AsharDb, collection: Collection, docId: string, communityId: string): Promise<void> {
  const table = db.docs(collection);
  const current = (await table.get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
  if (!current) return;
  const entries = await db.outbox.where('docId').equals(docId).toArray();
  await db.outbox.bulkDelete(entries.map((entry) => entry.seq!));
  if (current._deleted) {
    // Deleted before it ever reached the server: there is nothing to send.
    await table.delete(docId);
    return;
  }
  const hlc = await nextStamp(db);
  const now = stampTime(hlc);
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(current)) if (!LOCAL_FIELDS.has(field) && value !== undefined) set[field] = value;
  Object.assign(set, { communityId, updatedAt: now });
  await table.put({ ...current, ...set, _v: Object.fromEntries(Object.keys(set).map((field) => [field, hlc])) } as never);
  await queue(db, { collection, docId, hlc, set, queuedAt: now, author: await currentAuthor(db) });
}
