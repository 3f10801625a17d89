import type { Language } from '../core/model';
import type { AsharDb } from './database';
import { getMeta, setMeta } from './meta';

export function readLanguage(db: AsharDb): Promise<Language | undefined> {
  return getMeta<Language>(db, 'language');
}

export function saveLanguage(db: AsharDb, language: Language): Promise<void> {
  return setMeta(db, 'language', language);
}

export function readCurrentCommunityId(db: AsharDb): Promise<string | undefined> {
  return getMeta<string>(db, 'currentCommunityId');
}

export function saveCurrentCommunityId(db: AsharDb, communityId: string): Promise<void> {
  return setMeta(db, 'currentCommunityId', communityId);
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
