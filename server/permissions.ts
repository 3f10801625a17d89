import type { Collection } from '../src/core/model';
import type { Role, UserRecord } from './storage/types';

// Who may do what. Reads: a user's own communities plus every published case study; coordinators
// and admins read everything. Writes are checked per change in sync-service.ts with these rules.

export function seesAllCommunities(role: Role): boolean {
  return role === 'coordinator' || role === 'admin';
}

/**
 * Collections every signed-in user reads whatever their community: the record that a community
 * applied a case study is what peers and programmes learn from.
 */
export const SHARED_COLLECTIONS: readonly Collection[] = ['applications'];

const WRITABLE: Record<Role, readonly Collection[]> = {
  volunteer: ['assets'],
  staff: ['assets', 'caseStudies', 'workshops', 'applications', 'participants', 'actions'],
  facilitator: ['workshops', 'applications', 'participants', 'actions'],
  coordinator: ['assets', 'caseStudies', 'workshops', 'applications', 'participants', 'actions'],
  admin: ['assets', 'caseStudies', 'workshops', 'applications', 'participants', 'actions'],
};

/** Whether the user may read this document now. */
export function mayRead(user: UserRecord, doc: { collection: Collection; communityId: string; published?: boolean }): boolean {
  return belongsTo(user, doc.communityId) || SHARED_COLLECTIONS.includes(doc.collection) || (doc.collection === 'caseStudies' && doc.published === true);
}

export function mayWriteCollection(user: UserRecord, collection: Collection): boolean {
  return WRITABLE[user.role].includes(collection);
}

export function belongsTo(user: UserRecord, communityId: string): boolean {
  return seesAllCommunities(user.role) || user.communityIds.includes(communityId);
}

/** Volunteers may change only what they made themselves. */
export function mayEditDoc(user: UserRecord, doc: { communityId: string; createdBy: string }): boolean {
  if (!belongsTo(user, doc.communityId)) return false;
  return user.role !== 'volunteer' || doc.createdBy === user.id;
}

export function mayPublish(user: UserRecord): boolean {
  return user.role === 'staff' || seesAllCommunities(user.role);
}
