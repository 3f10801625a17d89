import type { Collection } from './model';

/**
 * Whether every signed-in person may read a record: a case study in the shared library, or the
 * record that a community applied one (what peers learn from). The server's audience rule
 * (server/audience.ts) gives such records the key every reader holds; a phone uses this to keep
 * only them for the next person when someone signs out, and to bring in a backup file.
 */
export function readByEveryone(collection: Collection, fields: Record<string, unknown>): boolean {
  return collection === 'applications' || (collection === 'caseStudies' && fields.status === 'published');
}

/**
 * The communities whose members read a record, as far as its own fields tell: its own, those it is
 * shared with, and for a follow-up action the community that owns it. (A participant or action is
 * also read by whoever reads its event.) The server's rule is the whole truth; a phone uses this to
 * decide what of a backup file it may bring in.
 */
export function communitiesReading(fields: Record<string, unknown>): string[] {
  const ids = [fields.communityId, fields.ownerCommunityId, ...(Array.isArray(fields.sharedWith) ? fields.sharedWith : [])];
  return ids.filter((id): id is string => typeof id === 'string');
}
