import { readByEveryone } from '../src/core/audience';
import type { Collection } from '../src/core/model';
import type { Role, UserRecord } from './storage/types';

// Who may read a document, written once. A document's audience is a set of keys; a reader holds keys
// from their memberships; they may read it when the two sets meet. Pull (server/pull.ts), the file
// rule (server/blob-access.ts) and withdrawals all ask this module and nothing else, so a new kind of
// sharing (a learning team, a circle of practice) adds a key here, not a special case in a query.

/** Every signed-in user holds it: published case studies and applications carry it. */
export const PUBLIC_KEY = 'all';
/** Coordinators and admins hold it: they read every document, whatever its audience. */
export const EVERYTHING_KEY = '*';

export const communityKey = (communityId: string) => `community:${communityId}`;

export function seesAllCommunities(role: Role): boolean {
  return role === 'coordinator' || role === 'admin';
}

/** The keys a reader holds now, sorted: a cursor carries them, and compares them with the next ones. */
export function readerKeys(user: Pick<UserRecord, 'role' | 'communityIds'>): string[] {
  if (seesAllCommunities(user.role)) return [EVERYTHING_KEY];
  return [...new Set([PUBLIC_KEY, ...user.communityIds.map(communityKey)])].sort();
}

/** Collections whose records live under an event and are read by whoever reads the event. */
export const EVENT_PARTS: readonly Collection[] = ['participants', 'actions'];

interface AudienceSource {
  collection: Collection;
  communityId: string;
  fields: Record<string, unknown>;
}

/**
 * The keys that may read a document now. `event` is the event a participant or follow-up action
 * belongs to (null when the server does not have it): its sharing covers them. A follow-up action
 * is also read by the community that owns it.
 */
export function audienceOf(doc: AudienceSource, event: AudienceSource | null = null): string[] {
  const keys = new Set([communityKey(doc.communityId)]);
  for (const id of sharedWith(doc.fields)) keys.add(communityKey(id));
  if (readByEveryone(doc.collection, doc.fields)) keys.add(PUBLIC_KEY);
  if (EVENT_PARTS.includes(doc.collection) && event) {
    for (const id of sharedWith(event.fields)) keys.add(communityKey(id));
  }
  if (doc.collection === 'actions' && typeof doc.fields.ownerCommunityId === 'string') keys.add(communityKey(doc.fields.ownerCommunityId));
  return [...keys].sort();
}

function sharedWith(fields: Record<string, unknown>): string[] {
  const list = fields.sharedWith;
  return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
}

/** Whether a reader holding `keys` may read a document whose audience is `audience`. */
export function keysMeet(keys: readonly string[], audience: readonly string[]): boolean {
  return keys.includes(EVERYTHING_KEY) || audience.some((key) => keys.includes(key));
}

/** Whether the user may read a document of this audience now. */
export function mayRead(user: Pick<UserRecord, 'role' | 'communityIds'>, audience: readonly string[]): boolean {
  return keysMeet(readerKeys(user), audience);
}
