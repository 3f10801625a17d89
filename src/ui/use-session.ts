import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db/instance';
import { readSession, type Session } from '../sync/session';

/** Who is signed in on this phone: null when nobody, undefined while reading. */
export function useSession(): Session | null | undefined {
  return useLiveQuery(async () => (await readSession(db)) ?? null, []);
}

/**
 * Whether this phone may publish: staff, coordinators and admins may; before anyone signs in the
 * phone does not know, so it lets the person try and the server decides at sync.
 */
export function mayPublish(session: Session | null | undefined): boolean {
  if (!session) return true;
  return ['staff', 'coordinator', 'admin'].includes(session.user.role);
}

/**
 * Whether this phone may record events, their participants and follow-up actions: every role but
 * volunteers. Before anyone signs in the phone lets the person try, and the server decides at sync.
 */
export function mayRecordEvents(session: Session | null | undefined): boolean {
  return !session || session.user.role !== 'volunteer';
}
