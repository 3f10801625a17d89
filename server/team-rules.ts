import { PLAN_SECTIONS, type Collection } from '../src/core/model';
import type { Change } from '../src/core/protocol';
import { REVIEW_FIELDS, isMentor, isTeamStaff, mayMentor, nextRoundNumber, planId, roundId, teamCommunities } from '../src/core/teams';
import { seesAllCommunities } from './audience';
import type { Problem } from './apply-change';
import { canonicalJson } from './canonical-json';
import type { StorageOps, StoredDoc, UserRecord } from './storage/types';

// Who may do what in a learning team, checked per change (apply-change.ts). Reading is the audience
// rule (audience.ts): the team's key, held by its staff and mentors.

export const TEAM_COLLECTIONS: readonly Collection[] = ['teams', 'plans', 'rounds', 'tasks'];

/**
 * What a round keeps frozen from its submission on: the plan as submitted, whose round it is, and
 * when it was submitted (whoever writes `createdAt` is a record's creator).
 */
const FROZEN = new Set<string>(['communityId', 'teamId', 'number', 'createdAt', ...PLAN_SECTIONS]);

interface TeamView {
  id: string;
  communityId: string;
  memberCommunityIds: string[];
  mentorIds: string[];
}

function teamView(doc: StoredDoc): TeamView {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return { id: doc.docId, communityId: doc.communityId, memberCommunityIds: list(doc.fields.memberCommunityIds), mentorIds: list(doc.fields.mentorIds) };
}

/** The team as it is on the server now, or null (unknown or deleted). */
async function liveTeam(storage: StorageOps, teamId: unknown): Promise<TeamView | null> {
  const doc = typeof teamId === 'string' ? await storage.getDoc('teams', teamId) : null;
  return doc && !doc.deleted ? teamView(doc) : null;
}

/**
 * Checks a change to a team, its plan, a review round or a task. The team is made by staff of its
 * lead community (or a coordinator) and changed by them, its mentors and coordinators. Its staff
 * write the plan and tasks; the lead community submits a round, each once the one before was sent
 * back; a submitted round never changes; only mentors and coordinators review and decide.
 */
export async function checkTeamWrite(
  storage: StorageOps,
  user: UserRecord,
  change: Change,
  existing: StoredDoc | null,
  set: Record<string, unknown>,
): Promise<Problem | null> {
  const coordinator = seesAllCommunities(user.role);
  if (change.collection === 'teams') {
    const lead = typeof set.communityId === 'string' ? set.communityId : existing?.communityId;
    const leadStaff = user.role === 'staff' && typeof lead === 'string' && user.communityIds.includes(lead);
    if (!(coordinator || leadStaff || (existing && isMentor(user, teamView(existing))))) return { code: 'forbidden_team' };
    if (change.deleted) return null;
    for (const id of Array.isArray(set.memberCommunityIds) ? set.memberCommunityIds : [])
      if (!(await storage.communityExists(String(id)))) return { code: 'unknown_community', field: 'memberCommunityIds' };
    for (const id of Array.isArray(set.mentorIds) ? set.mentorIds : [])
      if (!mayMentor((await storage.userById(String(id)))?.role ?? '')) return { code: 'not_mentor', field: 'mentorIds' };
    return null;
  }

  const teamId = set.teamId ?? existing?.fields.teamId;
  if (existing && set.teamId !== undefined && set.teamId !== existing.fields.teamId) return { code: 'forbidden_move', field: 'teamId' };
  const team = await liveTeam(storage, teamId);
  if (!team) return { code: 'unknown_team', field: 'teamId' };
  // A team's records are kept in its lead community.
  if ((set.communityId ?? existing?.communityId) !== team.communityId) return { code: 'team_mismatch', field: 'communityId' };
  const staff = isTeamStaff(user, team);
  const mentor = isMentor(user, team);

  if (change.collection === 'plans') {
    // One plan per team, under an id made from the team's: members writing it on several phones write one record.
    if (change.docId !== planId(team.id) || change.deleted) return { code: 'forbidden_record' };
    return staff || coordinator ? null : { code: 'forbidden_team' };
  }
  if (change.collection === 'tasks') {
    if (!(staff || mentor || coordinator)) return { code: 'forbidden_team' };
    if (typeof set.ownerCommunityId === 'string' && !teamCommunities(team).includes(set.ownerCommunityId))
      return { code: 'not_in_team', field: 'ownerCommunityId' };
    return null;
  }
  return checkRound(storage, user, change, existing, set, team, { staff, mentor, coordinator });
}

async function checkRound(
  storage: StorageOps,
  user: UserRecord,
  change: Change,
  existing: StoredDoc | null,
  set: Record<string, unknown>,
  team: TeamView,
  may: { staff: boolean; mentor: boolean; coordinator: boolean },
): Promise<Problem | null> {
  if (change.deleted) return { code: 'forbidden_record' };
  const review = Object.keys(set).find((field) => REVIEW_FIELDS.has(field));
  if (!existing) {
    const leadStaff = user.role === 'staff' && user.communityIds.includes(team.communityId);
    // A mentor's review of a round the server does not have (yet: after a restore from an older
    // copy, the lead's phone sends the round again) waits for it.
    if (!(leadStaff || may.coordinator)) return { code: may.mentor ? 'unknown_round' : 'forbidden_submit' };
    if (review) return { code: 'forbidden_review', field: review };
    const number = set.number as number;
    if (change.docId !== roundId(team.id, number)) return { code: 'forbidden_record' };
    const rounds = (await storage.partsOf(team.id)).filter((doc) => doc.collection === 'rounds' && !doc.deleted);
    const next = nextRoundNumber(rounds.map((doc) => ({ number: Number(doc.fields.number), decision: doc.fields.decision as never })));
    return next === number ? null : { code: 'round_out_of_turn', field: 'number' };
  }
  // Nobody outside the team writes on its round, not even its dates.
  if (!(may.staff || may.mentor || may.coordinator)) return { code: 'forbidden_team' };
  // The same submission arriving twice (two phones of the lead community) changes nothing: accepted.
  const frozen = Object.keys(set).find((field) => FROZEN.has(field) && canonicalJson(set[field]) !== canonicalJson(existing.fields[field]));
  if (frozen) return { code: 'round_frozen', field: frozen };
  return review && !(may.mentor || may.coordinator) ? { code: 'forbidden_review', field: review } : null;
}

/** A team's event or case study must come from one of the team's communities. */
export async function checkTeamLink(storage: StorageOps, communityId: string, teamId: unknown): Promise<Problem | null> {
  if (teamId === undefined || teamId === null) return null;
  const team = await liveTeam(storage, teamId);
  if (!team) return { code: 'unknown_team', field: 'teamId' };
  return teamCommunities(team).includes(communityId) ? null : { code: 'not_in_team', field: 'teamId' };
}
