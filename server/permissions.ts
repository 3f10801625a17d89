import type { Collection } from '../src/core/model';
import type { Role, UserRecord } from './storage/types';

// Who may do what. Reads: a user's own communities plus every published case study; coordinators
// and admins read everything. Writes are checked per change in sync-service.ts with these rules.

export function seesAllCommunities(role: Role): boolean {
  return role === 'coordinator' || role === 'admin';
}

const WRITABLE: Record<Role, readonly Collection[]> = {
  volunteer: ['assets'],
  staff: ['assets', 'caseStudies', 'workshops'],
  facilitator: ['workshops'],
  coordinator: ['assets', 'caseStudies', 'workshops'],
  admin: ['assets', 'caseStudies', 'workshops'],
};

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
