import type { Change } from '../core/protocol';
import type { AsharDb, OutboxEntry } from './database';

/** How many local changes have not reached the server yet. */
export function pendingChangeCount(db: AsharDb): Promise<number> {
  return db.outbox.count();
}

/** An outbox entry as the sync protocol sends it. */
export function toChange(entry: OutboxEntry): Change {
  return {
    id: entry.changeId,
    collection: entry.collection,
    docId: entry.docId,
    hlc: entry.hlc,
    ...(entry.deleted ? { deleted: true as const } : { set: entry.set ?? {} }),
    ...(entry.base ? { base: entry.base } : {}),
  };
}
