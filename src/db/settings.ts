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
