import * as v from 'valibot';
import { applyChange } from '../src/core/merge';
import { decodeHlc } from '../src/core/hlc';
import type { Collection } from '../src/core/model';
import {
  BELIEVABLE_SINCE_MS,
  EARLIEST_DATE,
  MAX_DATE_AHEAD_MS,
  PLACED_COLLECTIONS,
  REQUIRED_ON_CREATE,
  SERVER_OWNED_FIELDS,
  type Change,
  type DocState,
} from '../src/core/protocol';
import { audienceOf, PARTS_OF } from './audience';
import { checkPracticeWrite, PRACTICE } from './practice-rules';
import { checkTeamLink, checkTeamWrite, TEAM_COLLECTIONS } from './team-rules';
import { updateListedFiles } from './blob-access';
import { canonicalJson } from './canonical-json';
import { applyFieldWrite } from './field-writes';
import { belongsTo, mayEditDoc, mayPublish, mayShare, mayWriteCollection } from './permissions';
import { MAX_FUTURE_MS, type ServerClock } from './server-clock';
import type { CommunityRecord, DocToStore, StorageOps, StoredDoc, UserRecord, WriteMeta } from './storage/types';

export interface ApplyContext {
  storage: StorageOps;
  user: UserRecord;
  clientId: string;
  clock: ServerClock;
}

/** What applying a change did that decides whether the phone already holds the result. */
export interface Touched {
  callerHasIt: boolean;
}

export interface Problem {
  code: string;
  field?: string;
}

/** The dates a record carries; the server bounds them like clock stamps. */
const DATE_FIELDS = ['createdAt', 'updatedAt'] as const;

/**
 * Checks one well-formed change against the rules (who may write what, where) and applies it by the
 * merge rule, in the caller's transaction. Returns the problem when it is refused; nothing is then
 * written.
 */
export async function applyOne(context: ApplyContext, change: Change, touched: Touched): Promise<Problem | null> {
  const { storage, user, clock } = context;
  if (!mayWriteCollection(user, change.collection)) return { code: 'forbidden_collection' };
  const existing = await storage.getDoc(change.collection, change.docId);
  const sent = change.set ?? {};
  const set = Object.fromEntries(Object.entries(sent).filter(([field]) => !SERVER_OWNED_FIELDS.has(field)));

  const problem = await checkWrite(context, change, existing, set);
  if (problem) return problem;
  const community = (await storage.communityById(typeof set.communityId === 'string' ? set.communityId : existing!.communityId))!;
  const dated = boundDates(set, clock.now());
  if ('code' in dated) return dated;
  if (dated.changed) touched.callerHasIt = false;

  const hlc = clock.bound(change.hlc);
  if (hlc !== change.hlc) touched.callerHasIt = false;
  const owned = { ...placedFields(change, dated.set, community, user), ...(await mentorNames(storage, change, dated.set)) };
  if (Object.entries(owned).some(([field, value]) => !sameOwnedValue(sent[field], value))) touched.callerHasIt = false;

  const before = existing ?? null;
  let state;
  let meta = before?.meta ?? {};
  if (change.deleted) {
    state = applyChange(before, { collection: change.collection, docId: change.docId, hlc, deleted: true });
  } else {
    ({ state, meta } = applyFieldWrite(before, meta, {
      collection: change.collection,
      docId: change.docId,
      hlc,
      set: dated.set,
      base: change.base,
      by: user.id,
      relayed: decodeHlc(change.hlc)?.node !== context.clientId,
    }));
  }
  if (Object.keys(owned).length > 0) state = applyChange(state, { collection: change.collection, docId: change.docId, hlc, set: owned });
  state = withCreator(state, meta, user.id, hlc);
  if ((!before || dated.set.createdAt !== undefined) && !sameOwnedValue(sent.createdBy, state.fields.createdBy)) touched.callerHasIt = false;

  const doc: DocToStore = {
    ...state,
    communityId: String(state.fields.communityId),
    createdBy: String(state.fields.createdBy ?? ''),
    meta,
    eventId: parentIdOf(change.collection, state.fields),
    audience: [],
  };
  const parentPart = PARTS_OF[change.collection];
  doc.audience = audienceOf(doc, parentPart && doc.eventId ? await storage.getDoc(parentPart.parent, doc.eventId) : null);
  if (!before || !sameStoredState(before, doc)) {
    await storage.putDoc(doc);
    if (before && before.audience.join() !== doc.audience.join()) await refreshParts(storage, doc);
    // Only a list can list files: other changes leave the document's files as they were.
    if (change.deleted || Object.values(set).some(Array.isArray)) await updateListedFiles(storage, user, doc);
  }
  await storage.recordChange({
    id: change.id,
    clientId: context.clientId,
    userId: user.id,
    collection: change.collection,
    docId: change.docId,
    hlc,
    receivedAt: new Date(clock.now()).toISOString(),
  });
  return null;
}

/** Who may make this change, to which community, and what a new record needs. */
async function checkWrite(context: ApplyContext, change: Change, existing: StoredDoc | null, set: Record<string, unknown>): Promise<Problem | null> {
  const { storage, user } = context;
  const inTeam = TEAM_COLLECTIONS.includes(change.collection);
  if (PRACTICE.includes(change.collection)) {
    const problem = await checkPracticeWrite(storage, user, change, existing, set);
    if (problem) return problem;
  } else if (inTeam) {
    // A team's records are written by its members, whatever community they are from.
    const problem = await checkTeamWrite(storage, user, change, existing, set);
    if (problem) return problem;
  } else if (existing) {
    if (!mayEditDoc(user, existing)) return { code: belongsTo(user, existing.communityId) ? 'forbidden_record' : 'forbidden_community' };
  }
  if (!existing && !change.deleted) {
    const missing = REQUIRED_ON_CREATE[change.collection].find((field) => set[field] === undefined);
    if (missing) return { code: 'missing_field', field: missing };
  } else if (!existing) {
    // A phone sends its outbox in order, so a delete never arrives before its record's first change
    // unless that change was refused: then there is nothing here to delete, and the phone is told so.
    return { code: 'unknown_record' };
  }
  const targetCommunity = typeof set.communityId === 'string' ? set.communityId : existing?.communityId;
  if (!targetCommunity) return { code: 'missing_field', field: 'communityId' };
  // A post keeps the community it was written from; others who may act on it (a coordinator, the
  // asker accepting an answer, an expert asked) need not belong to it.
  const actsOnPost = existing !== null && PRACTICE.includes(change.collection);
  if (!actsOnPost && !inTeam && !belongsTo(user, targetCommunity)) return { code: 'forbidden_community' };
  // A record stays in the community it was made in, even for someone who belongs to both: its
  // audience, its participants and its files all follow from its community.
  if (existing && targetCommunity !== existing.communityId) return { code: 'forbidden_move' };
  if (!(await storage.communityExists(targetCommunity))) return { code: 'unknown_community' };
  // A participant or follow-up action belongs to an event of the same community.
  if (PARTS_OF[change.collection]?.parent === 'workshops' && (set.workshopId !== undefined || set.communityId !== undefined)) {
    const workshopId = set.workshopId ?? existing?.fields.workshopId;
    const workshop = typeof workshopId === 'string' ? await storage.getDoc('workshops', workshopId) : undefined;
    if (!workshop || workshop.communityId !== targetCommunity) return { code: 'workshop_mismatch' };
  }
  const touchesPublication =
    change.collection === 'caseStudies' && (set.status === 'published' || (existing?.fields.status === 'published' && set.status !== undefined));
  if (touchesPublication && !mayPublish(user)) return { code: 'forbidden_publish' };
  if (set.teamId !== undefined && !inTeam) {
    const problem = await checkTeamLink(storage, targetCommunity, set.teamId);
    if (problem) return problem;
  }
  if (set.sharedWith !== undefined) {
    if (!mayShare(user)) return { code: 'forbidden_share' };
    for (const id of set.sharedWith as string[]) if (!(await storage.communityExists(id))) return { code: 'unknown_community', field: 'sharedWith' };
  }
  return null;
}

/**
 * A date before 2000 or years ahead is refused: it would sort such a record first or last for
 * everyone. A date a little ahead, or from before Ashar, comes from a phone whose clock is fast or
 * was reset, and is replaced by the server's time, as a clock stamp would be.
 */
function boundDates(set: Record<string, unknown>, nowMs: number): { set: Record<string, unknown>; changed: boolean } | Problem {
  let changed = false;
  const bounded = { ...set };
  for (const field of DATE_FIELDS) {
    const value = set[field];
    if (typeof value !== 'string') continue;
    const ms = Date.parse(value);
    if (!(ms >= Date.parse(EARLIEST_DATE)) || ms > nowMs + MAX_DATE_AHEAD_MS) return { code: 'implausible_date', field };
    if (ms > nowMs + MAX_FUTURE_MS || ms < BELIEVABLE_SINCE_MS) {
      bounded[field] = new Date(nowMs).toISOString();
      changed = true;
    }
  }
  return { set: bounded, changed };
}

/**
 * Where the record's community lies (and for a post, who wrote it in what position), copied by the
 * server from its own lists when the record is made, never taken from a phone.
 */
function placedFields(change: Change, set: Record<string, unknown>, community: CommunityRecord, user: UserRecord): Record<string, unknown> {
  const owned: Record<string, unknown> = {};
  if (change.deleted || typeof set.communityId !== 'string') return owned;
  const values: Record<string, unknown> = {
    rayonCode: community.rayonId,
    communityName: community.name,
    authorName: user.displayName,
    authorPosition: user.position ?? null,
  };
  for (const field of PLACED_COLLECTIONS[change.collection] ?? []) owned[field] = values[field];
  return owned;
}

/** A team's mentors by name, written with the list of them: the team's members see who reviews. */
async function mentorNames(storage: StorageOps, change: Change, set: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (change.collection !== 'teams' || !Array.isArray(set.mentorIds)) return {};
  const names: Record<string, string> = {};
  for (const id of set.mentorIds.map(String)) names[id] = (await storage.userById(id))?.displayName ?? '';
  return { mentorNames: names };
}

/**
 * Who made a record, as the server says: whoever wrote its creation date (the winning write of
 * `createdAt`, so the same changes in any order name the same person, with that write's stamp).
 * A record made by a change without a creation date (another client than the app) is put down to
 * that change's author until one comes.
 */
function withCreator(state: DocState, meta: WriteMeta, userId: string, hlc: string): DocState {
  const creator = meta.writers?.createdAt?.by;
  const stamp = state.versions.createdAt;
  if (creator && stamp) return { ...state, fields: { ...state.fields, createdBy: creator }, versions: { ...state.versions, createdBy: stamp } };
  if (state.versions.createdBy) return state;
  return applyChange(state, { collection: state.collection, docId: state.docId, hlc, set: { createdBy: userId } });
}

/** The record a part lives under (its event, its question), from its own fields. */
function parentIdOf(collection: Collection, fields: Record<string, unknown>): string | null {
  const part = PARTS_OF[collection];
  const id = part ? fields[part.field] : undefined;
  return typeof id === 'string' ? id : null;
}

/**
 * Parts are read by whoever reads what they live under: when an event is shared or unshared, or a
 * question hidden, each part takes its new audience (and a new seq, so readers gain or withdraw it).
 */
async function refreshParts(storage: StorageOps, parent: DocToStore): Promise<void> {
  for (const part of await storage.partsOf(parent.docId)) {
    if (PARTS_OF[part.collection]?.parent !== parent.collection) continue;
    const audience = audienceOf(part, parent);
    if (audience.join() !== part.audience.join()) await storage.putDoc({ ...part, audience });
  }
}

function sameStoredState(before: StoredDoc, after: DocToStore): boolean {
  const shape = (doc: DocToStore) => canonicalJson([doc.fields, doc.versions, doc.deleted, doc.meta, doc.audience]);
  return shape(before) === shape(after);
}

/**
 * What a server-owned field can hold: a user id, a rayon code or null, a community's name. A phone's
 * value for such a field is never checked (it is ignored), so it may be anything, even an array nested
 * 100,000 deep: it is compared only when it has one of these shapes, never serialised as it is.
 */
const OWNED_VALUE = v.union([v.string(), v.null(), v.strictObject({ ky: v.string(), ru: v.string(), en: v.string() })]);

function sameOwnedValue(sent: unknown, value: unknown): boolean {
  return v.is(OWNED_VALUE, sent) && JSON.stringify(sent) === JSON.stringify(value);
}
