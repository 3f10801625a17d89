import { readByEveryone } from '../src/core/audience';
import { CIRCLES, type Circle, type Collection } from '../src/core/model';
import { circleTarget, isHelpDesk, threadTarget } from '../src/core/practice';
import { isTeamMember, teamKey } from '../src/core/teams';
import type { Role, StorageOps, UserRecord } from './storage/types';

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

export const userKey = (userId: string) => `user:${userId}`;

/** What a person follows, as their follow records say (see followsOf). */
export type Follows = readonly { target: string; following: boolean }[];

/** The learning teams there are: who leads, who else is in, who mentors (see teamsIn). */
export type Teams = readonly { id: string; communityId: string; memberCommunityIds?: string[]; mentorIds?: string[] }[];

/**
 * The keys a reader holds now, sorted: a cursor carries them, and compares them with the next ones.
 * Besides their communities and the public key: their own key (what only they read), and the
 * circles and threads they follow. Their position's circle is followed unless they stopped. The
 * help desk (facilitators; coordinators read everything anyway) reads every circle: it looks after
 * all unanswered questions.
 */
export function readerKeys(user: Pick<UserRecord, 'id' | 'role' | 'communityIds' | 'position'>, follows: Follows = [], teams: Teams = []): string[] {
  if (seesAllCommunities(user.role)) return [EVERYTHING_KEY];
  const followed = new Set(follows.filter((follow) => follow.following).map((follow) => follow.target));
  const stopped = new Set(follows.filter((follow) => !follow.following).map((follow) => follow.target));
  if (user.position && !stopped.has(circleTarget(user.position))) followed.add(circleTarget(user.position));
  if (isHelpDesk(user.role)) for (const circle of CIRCLES) followed.add(circleTarget(circle));
  // A team's staff and mentors read everything of it.
  const teamKeys = teams.filter((team) => isTeamMember(user, team)).map((team) => teamKey(team.id));
  return [...new Set([PUBLIC_KEY, userKey(user.id), ...user.communityIds.map(communityKey), ...followed, ...teamKeys])].sort();
}

/** The keys a user holds now, their follows and the teams read from storage. */
export async function readerKeysIn(
  storage: Pick<StorageOps, 'followsOf' | 'liveDocsOf'>,
  user: Pick<UserRecord, 'id' | 'role' | 'communityIds' | 'position'>,
): Promise<string[]> {
  return seesAllCommunities(user.role) ? [EVERYTHING_KEY] : readerKeys(user, await storage.followsOf(user.id), await teamsIn(storage));
}

/** Every learning team as storage holds it. */
export async function teamsIn(storage: Pick<StorageOps, 'liveDocsOf'>): Promise<Teams> {
  return (await storage.liveDocsOf('teams')).map((doc) => ({
    id: doc.docId,
    communityId: doc.communityId,
    memberCommunityIds: stringList(doc.fields.memberCommunityIds),
    mentorIds: stringList(doc.fields.mentorIds),
  }));
}

/**
 * Collections whose records live under another and are read by whoever reads it: participants and
 * follow-up actions under their event, answers and helpful marks under their question.
 */
export const PARTS_OF: Partial<Record<Collection, { parent: Collection; field: string }>> = {
  participants: { parent: 'workshops', field: 'workshopId' },
  actions: { parent: 'workshops', field: 'workshopId' },
  answers: { parent: 'questions', field: 'questionId' },
  marks: { parent: 'questions', field: 'questionId' },
  plans: { parent: 'teams', field: 'teamId' },
  rounds: { parent: 'teams', field: 'teamId' },
  tasks: { parent: 'teams', field: 'teamId' },
};

/** A learning team and what is written in it: read by the team (its key), nobody else but coordinators. */
const TEAM_COLLECTIONS: readonly Collection[] = ['teams', 'plans', 'rounds', 'tasks'];

interface AudienceSource {
  collection: Collection;
  docId?: string;
  communityId: string;
  createdBy?: string;
  fields: Record<string, unknown>;
}

/**
 * The keys that may read a document now. `parent` is the record a part belongs to (an event, a
 * question; null when the server does not have it): its readers read the part. A follow-up action
 * is also read by the community that owns it.
 */
export function audienceOf(doc: AudienceSource, parent: AudienceSource | null = null): string[] {
  if (PRACTICE_COLLECTIONS.includes(doc.collection)) return practiceAudience(doc, parent);
  if (TEAM_COLLECTIONS.includes(doc.collection)) {
    const teamId = doc.collection === 'teams' ? doc.docId : doc.fields.teamId;
    return typeof teamId === 'string' ? [teamKey(teamId)] : [];
  }
  const keys = new Set([communityKey(doc.communityId)]);
  for (const id of sharedWith(doc.fields)) keys.add(communityKey(id));
  if (readByEveryone(doc.collection, doc.fields)) keys.add(PUBLIC_KEY);
  // A team's event, or a case study written from its work, is read by the team too.
  if (typeof doc.fields.teamId === 'string') keys.add(teamKey(doc.fields.teamId));
  if (PARTS_OF[doc.collection] && parent) {
    for (const id of sharedWith(parent.fields)) keys.add(communityKey(id));
    if (typeof parent.fields.teamId === 'string') keys.add(teamKey(parent.fields.teamId));
  }
  if (doc.collection === 'actions' && typeof doc.fields.ownerCommunityId === 'string') keys.add(communityKey(doc.fields.ownerCommunityId));
  return [...keys].sort();
}

const PRACTICE_COLLECTIONS: readonly Collection[] = ['questions', 'answers', 'marks', 'follows'];

/**
 * Circles are read by whoever follows them, a thread by whoever follows it (asking or answering
 * follows it), and a post by its author, always. A question is also read by the people asked to
 * answer it. A hidden post, or any part of a hidden question, is read by its author only (and by
 * coordinators, who read everything). A follow is its author's alone.
 */
function practiceAudience(doc: AudienceSource, parent: AudienceSource | null): string[] {
  const keys = new Set<string>();
  if (doc.createdBy) keys.add(userKey(doc.createdBy));
  if (doc.collection === 'follows') return [...keys].sort();
  const question = doc.collection === 'questions' ? doc : parent;
  const questionId = doc.collection === 'questions' ? doc.docId : doc.fields.questionId;
  const hidden = isHidden(doc.fields) || (question !== null && isHidden(question.fields));
  if (!hidden && question) {
    if (typeof question.fields.circle === 'string') keys.add(circleTarget(question.fields.circle as Circle));
    if (doc.collection === 'questions') {
      for (const id of stringList(doc.fields.askedOf)) keys.add(userKey(id));
    }
  }
  if (!hidden && typeof questionId === 'string') keys.add(threadTarget(questionId));
  return [...keys].sort();
}

const isHidden = (fields: Record<string, unknown>) => typeof fields.hiddenReason === 'string' && fields.hiddenReason.length > 0;

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function sharedWith(fields: Record<string, unknown>): string[] {
  return stringList(fields.sharedWith);
}

/** Whether a reader holding `keys` may read a document whose audience is `audience`. */
export function keysMeet(keys: readonly string[], audience: readonly string[]): boolean {
  return keys.includes(EVERYTHING_KEY) || audience.some((key) => keys.includes(key));
}
