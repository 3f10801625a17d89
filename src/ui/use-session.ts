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

/**
 * Whether this phone's person may share records with other communities: staff and coordinators.
 * Before anyone signs in nothing can be shared: there is no one to share with yet.
 */
export function mayShare(session: Session | null | undefined): boolean {
  return Boolean(session) && ['staff', 'coordinator', 'admin'].includes(session!.user.role);
}

/**
 * Whether this phone's person may change a record: one of their communities' (a record shared by
 * another community is read only), and for volunteers only what they made. Signed out, every
 * record on the phone was made here.
 */
export function mayEditRecord(session: Session | null | undefined, record: { communityId: string; createdBy?: string }): boolean {
  if (!session) return true;
  const { role, communityIds, id } = session.user;
  if (role === 'coordinator' || role === 'admin') return true;
  if (!communityIds.includes(record.communityId)) return false;
  return role !== 'volunteer' || record.createdBy === id;
}
