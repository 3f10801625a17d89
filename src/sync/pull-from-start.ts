import type { AsharDb, LocalDoc } from '../db/database';
import { LOCAL_FIELDS } from '../db/doc-state';
import { getMeta, setMeta } from '../db/meta';
import { newId } from '../core/ids';
import type { Collection, Team } from '../core/model';
import { teamFieldsWritable } from '../core/teams';
import type { Session } from './session';

// A pull from the start (a first sync, another person signed in, or a server restored from an older
// copy) brings everything the person may read. At its end the phone removes what it did not bring
// and does not need for its own unsent work: it then holds exactly what the person may read.
// Must run inside the caller's read-write transaction on meta, pulled, outbox and the record tables.

export async function pullingFromStart(db: AsharDb): Promise<boolean> {
  return (await getMeta<boolean>(db, 'pullFromStart')) === true;
}

/**
 * Begins a pull from the start. After a restore (`resendAs` the signed-in person) the phone also
 * sends again every record it holds that the person may write, with its own stamps: the server gets
 * back whatever it lost, and takes nothing twice (the merge ignores what it already has).
 */
export async function startPullFromStart(db: AsharDb, options: { resendAs: Session['user'] | null }): Promise<void> {
  await db.pulled.clear();
  await setMeta(db, 'pullFromStart', true);
  if (options.resendAs) await queueResend(db, options.resendAs);
}

/**
 * Refusals of a change sent again after a restore that mean "not yet": it builds on a record another
 * phone has still to send back (the team, the round, the question). Such a change waits and is
 * tried once at each sync; after RECOVERY_WAIT_DAYS it is shown as needing attention instead.
 */
export const RECOVERY_WAITS_FOR: ReadonlySet<string> = new Set(['unknown_team', 'unknown_round', 'round_out_of_turn', 'unknown_question', 'unknown_answer']);
export const RECOVERY_WAIT_DAYS = 14;

/** Notes records the pull brought (or the server acknowledged): they stay at its end. */
export async function notePulled(db: AsharDb, docs: readonly { collection: Collection; docId: string; withdrawn?: true }[]): Promise<void> {
  await db.pulled.bulkPut(docs.filter((doc) => !doc.withdrawn).map((doc) => ({ key: `${doc.collection}/${doc.docId}` })));
}

/** Ends a pull from the start: every record it did not bring, and no unsent change needs, goes. */
export async function finishPullFromStart(db: AsharDb): Promise<void> {
  const pulled = new Set(await db.pulled.toCollection().primaryKeys());
  const needed = new Set(await db.outbox.orderBy('docId').uniqueKeys());
  for (const table of db.docTables) {
    const ids = (await table.toCollection().primaryKeys()) as string[];
    const gone = ids.filter((id) => !pulled.has(`${table.name}/${id}`) && !needed.has(id));
    if (gone.length === 0) continue;
    await table.bulkDelete(gone);
    await db.photos
      .where('docId')
      .anyOf(gone)
      .filter((photo) => photo.uploaded === 1)
      .delete();
  }
  await db.pulled.clear();
  await setMeta(db, 'pullFromStart', false);
}

async function queueResend(db: AsharDb, person: Session['user']): Promise<void> {
  const teams = new Map(((await db.teams.toArray()) as LocalDoc<Team>[]).map((team) => [team.id, team]));
  const queuedAt = new Date(db.wallClock()).toISOString();
  const records: { collection: Collection; row: LocalDoc<{ id: string }>; changes: ReturnType<typeof changesOf> }[] = [];
  for (const table of db.docTables) {
    const collection = table.name as Collection;
    for (const row of (await table.toArray()) as LocalDoc<{ id: string; communityId: string; teamId?: string }>[]) {
      const writable = resendable(person, collection, row, teams);
      const changes = writable ? changesOf(row, writable) : [];
      if (changes.length > 0) records.push({ collection, row, changes });
    }
  }
  // In the order they were first written: a team before its plan, round 1 before round 2, a
  // question before its answers (a phone's stamps come after every stamp it had received).
  records.sort((a, b) => (a.changes[0]!.hlc < b.changes[0]!.hlc ? -1 : a.changes[0]!.hlc > b.changes[0]!.hlc ? 1 : 0));
  await db.outbox.bulkAdd(
    records.flatMap(({ collection, row, changes }) =>
      changes.map((change) => ({ changeId: newId(), collection, docId: row.id, queuedAt, author: person.id, recovery: true as const, ...change })),
    ),
  );
}

/**
 * Which fields of a record the person may write, or null for none: everything of their own
 * communities (coordinators: of all), and of a learning team what its rules let them write
 * wherever its records are kept. What they may not write another phone sends again.
 */
function resendable(
  person: Session['user'],
  collection: Collection,
  row: LocalDoc<{ communityId: string; teamId?: string }>,
  teams: ReadonlyMap<string, Team>,
): ((field: string) => boolean) | null {
  if (person.role === 'coordinator' || person.role === 'admin') return () => true;
  if (isTeamCollection(collection)) {
    const team = collection === 'teams' ? (row as unknown as Team) : row.teamId ? teams.get(row.teamId) : undefined;
    if (team) return teamFieldsWritable(person, collection, team);
  }
  return person.communityIds.includes(row.communityId) ? () => true : null;
}

const isTeamCollection = (collection: Collection): collection is 'teams' | 'plans' | 'rounds' | 'tasks' =>
  collection === 'teams' || collection === 'plans' || collection === 'rounds' || collection === 'tasks';

/**
 * A record as changes carrying its own stamps. The first carries every field at the oldest stamp,
 * so a server that lost the record can make it again (a new record needs its required fields in
 * one change); then one change per later stamp with the fields it stamped; then the tombstone.
 * Where the server still has the record, the first loses to every later value and changes nothing.
 */
function changesOf(row: LocalDoc<{ id: string }>, writable: (field: string) => boolean): { hlc: string; set?: Record<string, unknown>; deleted?: true }[] {
  const fields = Object.entries(row).filter(([field, value]) => !LOCAL_FIELDS.has(field) && value !== undefined && writable(field));
  const byStamp = new Map<string, Record<string, unknown>>();
  for (const [field, value] of fields) {
    const stamp = row._v[field];
    if (!stamp) continue;
    byStamp.set(stamp, { ...byStamp.get(stamp), [field]: value });
  }
  const stamps = [...byStamp.keys()].sort();
  const changes: { hlc: string; set?: Record<string, unknown>; deleted?: true }[] = [];
  if (stamps.length > 0) changes.push({ hlc: stamps[0]!, set: Object.fromEntries(fields) });
  for (const stamp of stamps.slice(1)) changes.push({ hlc: stamp, set: byStamp.get(stamp)! });
  if (row._deleted === 1 && row._v._deleted) changes.push({ hlc: row._v._deleted, deleted: true });
  return changes;
}
