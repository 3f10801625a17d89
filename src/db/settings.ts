import type { Language } from '../core/model';
import type { AsharDb } from './database';
import { getMeta, setMeta } from './meta';
import { forgetStartSnapshot } from './start-snapshot';

export function readLanguage(db: AsharDb): Promise<Language | undefined> {
  return getMeta<Language>(db, 'language');
}

export async function saveLanguage(db: AsharDb, language: Language): Promise<void> {
  await setMeta(db, 'language', language);
  // The start snapshot is in the language it was drawn in.
  await forgetStartSnapshot();
}

export function readCurrentCommunityId(db: AsharDb): Promise<string | undefined> {
  return getMeta<string>(db, 'currentCommunityId');
}

export async function saveCurrentCommunityId(db: AsharDb, communityId: string): Promise<void> {
  await setMeta(db, 'currentCommunityId', communityId);
  // The start snapshot shows the library of the community it was drawn for (its drafts, its name).
  // Not awaited: this runs inside callers' database transactions, which must not wait on other work.
  void forgetStartSnapshot();
}

/** Positions from the GPS less precise than this many metres get a warning. */
export const DEFAULT_GPS_ACCURACY_LIMIT_M = 50;
export const GPS_ACCURACY_LIMITS_M = [10, 20, 30, 50, 100, 200] as const;

export async function readGpsAccuracyLimit(db: AsharDb): Promise<number> {
  return (await getMeta<number>(db, 'gpsAccuracyLimit')) ?? DEFAULT_GPS_ACCURACY_LIMIT_M;
}

export function saveGpsAccuracyLimit(db: AsharDb, metres: number): Promise<void> {
  return setMeta(db, 'gpsAccuracyLimit', metres);
}
