import type { AsharDb } from '../db/database';
import { getMeta, setMeta } from '../db/meta';

/** Who is signed in on this phone. Kept until they sign out; a refused token only sets `expired`. */
export interface Session {
  token: string;
  /** `position`: what they do in local government (a circle they follow unless they stop); absent from older sign-ins. */
  user: { id: string; username: string; displayName: string; role: string; communityIds: string[]; position?: string | null };
  expired: boolean;
}

export function readSession(db: AsharDb): Promise<Session | undefined> {
  return getMeta<Session>(db, 'session');
}

export function saveSession(db: AsharDb, session: Session | null): Promise<void> {
  return setMeta(db, 'session', session);
}
