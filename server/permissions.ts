import type { Collection } from '../src/core/model';
import { seesAllCommunities } from './audience';
import type { Role, UserRecord } from './storage/types';

// Who may change what, checked per change in sync-service.ts. Who may read is server/audience.ts.

export { seesAllCommunities };

/** Everyone signed in asks, answers, marks and follows in the circles of practice (rules: practice-rules.ts). */
const PRACTICE: readonly Collection[] = ['questions', 'answers', 'marks', 'follows'];

/** Learning teams: staff and coordinators make them, mentors (facilitators too) review (rules: team-rules.ts). */
const TEAMS: readonly Collection[] = ['teams', 'plans', 'rounds', 'tasks'];

const WRITABLE: Record<Role, readonly Collection[]> = {
  volunteer: ['assets', ...PRACTICE],
  staff: ['assets', 'caseStudies', 'workshops', 'applications', 'participants', 'actions', ...PRACTICE, ...TEAMS],
  facilitator: ['workshops', 'applications', 'participants', 'actions', ...PRACTICE, ...TEAMS],
  coordinator: ['assets', 'caseStudies', 'workshops', 'applications', 'participants', 'actions', ...PRACTICE, ...TEAMS],
  admin: ['assets', 'caseStudies', 'workshops', 'applications', 'participants', 'actions', ...PRACTICE, ...TEAMS],
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

/** Sharing a record with other communities speaks for the whole community: staff and coordinators. */
export function mayShare(user: UserRecord): boolean {
  return mayPublish(user);
}
