import { readByEveryone } from '../core/audience';
import { applyChange } from '../core/merge';
import type { Collection } from '../core/model';
import type { AsharDb, LocalDoc, ParkedWork } from '../db/database';
import { fromLocalDoc, toLocalDoc } from '../db/doc-state';
import { getMeta, setMeta } from '../db/meta';
import { toChange } from '../db/outbox';

// Many phones are shared. When a person signs out, the phone keeps for the next person only what
// everyone may read; the leaving person's unsent work and unsaved forms are put aside (never sent
// as someone else, never dropped) and come back when they sign in again. Work done with no one
// signed in belongs to whoever signs in next: they were holding the phone.

/** The tables signing in or out rewrites, in one transaction. */
export function sharedPhoneTables(db: AsharDb) {
  return [db.meta, db.outbox, db.parked, db.drafts, db.photos, db.pulled, ...db.docTables];
}

/**
 * Puts aside what the leaving person may read and the next may not. Records with their unsent
 * changes and their unsaved forms are parked for them; other records go, unless everyone reads them.
 * Must run inside a transaction over sharedPhoneTables.
 */
export async function leaveSharedPhone(db: AsharDb, leaving: string): Promise<void> {
  const theirs = new Set((await db.outbox.where('author').equals(leaving).toArray()).map((entry) => entry.docId));
  for (const table of db.docTables) {
    const collection = table.name as Collection;
    const rows = (await table.toArray()) as LocalDoc<{ id: string }>[];
    const parked = rows.filter((row) => theirs.has(row.id));
    await db.parked.bulkPut(parked.map((row) => ({ key: `doc/${collection}/${row.id}`, author: leaving, collection, row: row as Record<string, unknown> })));
    const gone = rows.filter((row) => theirs.has(row.id) || !readByEveryone(collection, row as Record<string, unknown>)).map((row) => row.id);
    await table.bulkDelete(gone);
    // Files fetched for records that go; files of parked records wait with them.
    const leaveFiles = gone.filter((id) => !theirs.has(id));
    if (leaveFiles.length > 0)
      await db.photos
        .where('docId')
        .anyOf(leaveFiles)
        .filter((photo) => photo.uploaded === 1)
        .delete();
  }
  const drafts = await db.drafts.toArray();
  await db.parked.bulkPut(drafts.map((draft) => ({ key: `draft/${draft.key}`, author: leaving, row: draft as unknown as Record<string, unknown> })));
  await db.drafts.clear();
  await setMeta(db, 'syncCursor', null);
  await setMeta(db, 'pullFromStart', false);
  // The help desk's list of people is theirs alone.
  await setMeta(db, 'people', null);
  await db.pulled.clear();
}

/**
 * Gives the person signing in what is theirs: work made with no one signed in, and what they left
 * parked. A parked record the phone has meanwhile received again (everyone may read it) gets their
 * unsent changes laid on the newer copy. Must run inside a transaction over sharedPhoneTables.
 */
export async function joinSharedPhone(db: AsharDb, person: { id: string; displayName: string }): Promise<void> {
  await db.outbox.filter((entry) => !entry.author).modify({ author: person.id });
  for (const work of await db.parked.where('author').equals(person.id).toArray()) {
    if (await restore(db, work)) await db.parked.delete(work.key);
  }
  const names = (await getMeta<Record<string, string>>(db, 'knownAuthors')) ?? {};
  await setMeta(db, 'knownAuthors', { ...names, [person.id]: person.displayName });
}

/** Puts parked work back; false when it must wait on (a form of the same key is open). */
async function restore(db: AsharDb, work: ParkedWork): Promise<boolean> {
  if (!work.collection) {
    const draft = work.row as unknown as { key: string };
    // A form the next person started under the same key keeps its place; this one waits on.
    if (await db.drafts.get(draft.key)) return false;
    await db.drafts.put(work.row as never);
    return true;
  }
  const table = db.docs(work.collection);
  const row = work.row as LocalDoc<{ id: string }>;
  const current = (await table.get(row.id)) as LocalDoc<{ id: string }> | undefined;
  if (!current) {
    await table.put(row as never);
    return true;
  }
  const pending = await db.outbox
    .where('docId')
    .equals(row.id)
    .filter((entry) => entry.author === work.author && !entry.rejected)
    .sortBy('seq');
  const merged = pending.reduce((doc, entry) => applyChange(doc, toChange(entry)), fromLocalDoc(work.collection, current));
  await table.put({ ...(toLocalDoc(merged) as object), ...(current._sv ? { _sv: current._sv } : {}), ...(current._c ? { _c: current._c } : {}) } as never);
  return true;
}

/** Unsent changes waiting for another person to sign in again, by author, with their names. */
export async function waitingForOthers(db: AsharDb, signedIn: string): Promise<{ author: string; name: string; count: number }[]> {
  const names = (await getMeta<Record<string, string>>(db, 'knownAuthors')) ?? {};
  const counts = new Map<string, number>();
  await db.outbox.each((entry) => {
    const author = entry.author ?? '';
    if (author && author !== signedIn) counts.set(author, (counts.get(author) ?? 0) + 1);
  });
  return [...counts].map(([author, count]) => ({ author, name: names[author] ?? '', count }));
}
