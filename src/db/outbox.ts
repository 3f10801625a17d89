import type { AsharDb } from './database';

/** How many local changes have not reached the server yet. */
export function pendingChangeCount(db: AsharDb): Promise<number> {
  return db.outbox.count();
}

