import type { AsharDb } from './database';

// Local settings and bookkeeping, one row per key. Keys are listed here so a typo cannot create a
// second, silent setting.
export type MetaKey =
  | 'deviceId'
  | 'clock'
  | 'language'
  | 'currentCommunityId'
  | 'userId'
  | 'persistenceAsked'
  | 'adminUnitsVersion'
  | 'session'
  | 'syncCursor'
  /** The ids of the communities the server has: the others on this phone were made by hand here. */
  | 'serverCommunityIds'
  /** Communities made by hand whose records the person chose not to move (asked once). */
  | 'carryOverDeclined'
  /** Display names of the people who signed in on this phone, by user id (whose work waits). */
  | 'knownAuthors'
  /** True while a pull from the start runs (src/sync/pull-from-start.ts). */
  | 'pullFromStart'
  | 'lastSyncAt'
  /** Per person on this phone, when they last read each thread of the circles (src/db/practice.ts). */
  | 'practiceSeen'
  /** Whom the help desk may ask to answer, as last fetched, with whose list it is (src/sync/people.ts). */
  | 'people'
  /** When this phone last made a backup file (ISO time), for the storage-health screen. */
  | 'lastBackupAt'
  /** How far the server's clock was ahead of this phone's at the last sync, in ms … */
  | 'clockOffsetMs'
  /** … and the phone's time then (ms), to tell when someone has since moved the phone's date. */
  | 'clockCheckedAt'
  | 'serverConfig'
  /** Until when (ms) photos are not sent: the server said this user's uploads for the day are spent. */
  | 'photoUploadsHeldUntil'
  | 'gpsAccuracyLimit';

export async function getMeta<T>(db: AsharDb, key: MetaKey): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

export async function setMeta(db: AsharDb, key: MetaKey, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
