import type { Collection } from '../core/model';
import type { AsharDb, OutboxEntry, PhotoRecord } from './database';
import { getMeta } from './meta';
import { unsentFiles } from './saved-files';

/** Unsent work older than this gets a warning: a phone lost or wiped after that loses days of work. */
export const STALE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

/** What is on this phone and not on the server yet, and when the phone last reached it. */
export interface StorageHealth {
  changes: {
    count: number;
    byCollection: Partial<Record<Collection, number>>;
    /** Changes the server refused; they stay here until someone deals with them. */
    refused: number;
    /** When the oldest waiting change was made (ISO time), or null when none waits. */
    oldestAt: string | null;
  };
  files: { count: number; bytes: number; oldestAt: string | null };
  lastSyncAt: string | null;
  lastBackupAt: string | null;
  /** The oldest waiting work of either kind. */
  oldestUnsyncedAt: string | null;
  /** True when some work has waited longer than STALE_AFTER_MS. */
  stale: boolean;
}

export interface HealthInput {
  outbox: readonly Pick<OutboxEntry, 'collection' | 'queuedAt' | 'rejected'>[];
  pendingFiles: readonly Pick<PhotoRecord, 'size' | 'createdAt'>[];
  lastSyncAt: string | null;
  lastBackupAt: string | null;
}

/** The health figures from the raw rows; pure, so every rule here is tested without a database. */
export function summarizeHealth(input: HealthInput, nowMs: number): StorageHealth {
  const byCollection: Partial<Record<Collection, number>> = {};
  let refused = 0;
  for (const entry of input.outbox) {
    byCollection[entry.collection] = (byCollection[entry.collection] ?? 0) + 1;
    if (entry.rejected) refused += 1;
  }
  const changesOldest = oldest(input.outbox.map((entry) => entry.queuedAt));
  const filesOldest = oldest(input.pendingFiles.map((file) => file.createdAt));
  const oldestUnsyncedAt = oldest([changesOldest, filesOldest].filter((time): time is string => time !== null));
  return {
    changes: { count: input.outbox.length, byCollection, refused, oldestAt: changesOldest },
    files: {
      count: input.pendingFiles.length,
      bytes: input.pendingFiles.reduce((sum, file) => sum + (Number.isFinite(file.size) ? file.size : 0), 0),
      oldestAt: filesOldest,
    },
    lastSyncAt: input.lastSyncAt,
    lastBackupAt: input.lastBackupAt,
    oldestUnsyncedAt,
    stale: oldestUnsyncedAt !== null && nowMs - Date.parse(oldestUnsyncedAt) > STALE_AFTER_MS,
  };
}

/** The earliest of some ISO times, by the instant they name; unreadable times are ignored. */
function oldest(times: readonly string[]): string | null {
  let best: string | null = null;
  let bestMs = Infinity;
  for (const time of times) {
    const ms = Date.parse(time);
    if (Number.isFinite(ms) && ms < bestMs) {
      best = time;
      bestMs = ms;
    }
  }
  return best;
}

/** Reads the health figures in one transaction, so the counts agree with each other. */
export function readHealth(db: AsharDb, nowMs: number): Promise<StorageHealth> {
  return db.transaction('r', [db.outbox, db.photos, db.meta, ...db.docTables], async () => {
    const [outbox, pendingFiles, lastSyncAt, lastBackupAt] = await Promise.all([
      db.outbox.toArray(),
      unsentFiles(db),
      getMeta<string>(db, 'lastSyncAt'),
      getMeta<string>(db, 'lastBackupAt'),
    ]);
    return summarizeHealth({ outbox, pendingFiles, lastSyncAt: lastSyncAt ?? null, lastBackupAt: lastBackupAt ?? null }, nowMs);
  });
}
