import * as v from 'valibot';
import { decodeHlc, encodeHlc, initialHlc, receiveHlc, tickHlc, type Hlc } from '../src/core/hlc';
import { applyChange } from '../src/core/merge';
import {
  checkChange,
  MAX_DOCS_PER_RESPONSE,
  MAX_RESPONSE_DOC_BYTES,
  PLACED_COLLECTIONS,
  REQUIRED_ON_CREATE,
  SERVER_OWNED_FIELDS,
  type Change,
  type DocState,
  type Rejection,
  type SyncResponse,
} from '../src/core/protocol';
import { updateListedFiles } from './blob-access';
import { belongsTo, mayEditDoc, mayPublish, mayRead, mayWriteCollection, seesAllCommunities } from './permissions';
import type { Collection } from '../src/core/model';
import type { Storage, StoredDoc, UserRecord } from './storage/types';

/** A phone clock further ahead than this is not believed. */
const MAX_FUTURE_MS = 5 * 60 * 1000;
/** Stamps before this date come from a phone whose clock was reset (e.g. to 1970). */
const EARLIEST_BELIEVABLE_MS = Date.UTC(2024, 0, 1);

const MESSAGES: Record<string, string> = {
  forbidden_collection: 'Your role may not change records of this kind.',
  forbidden_community: 'You are not a member of this community.',
  forbidden_record: 'You may change only records you created.',
  forbidden_move: 'A record stays in the community it was made in.',
  forbidden_publish: 'Only ayil okmotu staff or coordinators may publish.',
  unknown_community: 'There is no such community.',
  missing_field: 'A new record needs this field.',
  unknown_record: 'This record never reached the server, so it cannot be deleted there.',
  workshop_mismatch: 'A participant or follow-up action belongs to an event of its own community.',
};

/**
 * What this request did to one document, to decide whether the caller already holds its state:
 * it does when it had seen the document up to its cursor and every change of this request was
 * applied exactly as sent (stamp believed, server-owned fields equal to what the phone wrote).
 */
interface Touched {
  callerHasIt: boolean;
}

export interface SyncContext {
  storage: Storage;
  user: UserRecord;
  clientId: string;
  now: () => number;
}

/**
 * Applies a batch of changes and returns what the caller should know, all in one transaction: a
 * crash mid-batch leaves none of it applied, and a retried batch applies nothing twice.
 */
export function runSync(context: SyncContext, rawChanges: unknown[], cursor: string | null): SyncResponse {
  const { storage } = context;
  return storage.transaction(() => {
    const acked: string[] = [];
    const rejected: Rejection[] = [];
    const clock = new ServerClock(storage, context.now);
    const afterSeq = cursor === null ? 0 : Number(cursor);
    const touched = new Map<string, Touched>();
    const resend = new Set<string>();
    for (const raw of rawChanges) {
      const checked = checkChange(raw);
      const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id.slice(0, 64) : '';
      if (!checked.ok) {
        rejected.push({ id, code: checked.code, message: checked.field ? `Invalid field: ${checked.field}` : 'Invalid change.' });
        continue;
      }
      const change = checked.change;
      const applied = storage.appliedHlc(change.id);
      if (applied !== null) {
        acked.push(change.id);
        // Applied before, but the answer was lost. When the server had re-stamped it, the phone
        // still holds its own stamp: send the document again whatever the cursor says.
        if (applied !== change.hlc) resend.add(`${change.collection}/${change.docId}`);
        continue;
      }
      const key = `${change.collection}/${change.docId}`;
      if (!touched.has(key)) {
        const before = storage.getDoc(change.collection, change.docId);
        touched.set(key, { callerHasIt: before === null || before.seq <= afterSeq });
      }
      const problem = applyOne(context, clock, change, touched.get(key)!);
      if (problem) touched.get(key)!.callerHasIt = false;
      if (problem) rejected.push({ id: change.id, code: problem.code, message: MESSAGES[problem.code] ?? (problem.field ? `Invalid field: ${problem.field}` : 'This change was not accepted.') });
      else acked.push(change.id);
    }
    clock.save();
    // Documents this push changed and the caller already holds are not sent back: a phone pushing
    // 10,000 new records would otherwise download them all again. They do not count against the
    // page size either, so a full batch does not spill its own records into the next answer.
    const page = storage.docsAfter(
      afterSeq,
      { allCommunities: seesAllCommunities(context.user.role), communityIds: context.user.communityIds },
      MAX_DOCS_PER_RESPONSE + touched.size,
    );
    // What the caller may see of a document: all of it, or only that it was withdrawn.
    const shown = (doc: StoredDoc) => (mayRead(context.user, doc) ? publicDoc(doc) : withdrawal(doc));
    const docs: DocState[] = [];
    const sent = new Set<string>();
    let bytes = 0;
    let lastSeq = afterSeq;
    let more = page.more;
    for (const doc of page.docs) {
      const known = touched.get(`${doc.collection}/${doc.docId}`)?.callerHasIt === true;
      if (!known) {
        const state = shown(doc);
        const size = Buffer.byteLength(JSON.stringify(state));
        if (docs.length === MAX_DOCS_PER_RESPONSE || (docs.length > 0 && bytes + size > MAX_RESPONSE_DOC_BYTES)) {
          more = true;
          break;
        }
        bytes += size;
        docs.push(state);
        sent.add(`${doc.collection}/${doc.docId}`);
      }
      lastSeq = doc.seq;
    }
    for (const key of resend) {
      if (sent.has(key)) continue;
      const [collection, docId] = key.split('/') as [Collection, string];
      const doc = storage.getDoc(collection, docId);
      if (doc && doc.seq <= lastSeq) docs.push(shown(doc));
    }
    return {
      acked,
      rejected,
      docs,
      cursor: String(lastSeq),
      more,
      serverTime: new Date(context.now()).toISOString(),
    };
  });
}

function applyOne(context: SyncContext, clock: ServerClock, change: Change, touched: Touched): { code: string; field?: string } | null {
  const { storage, user } = context;
  if (!mayWriteCollection(user, change.collection)) return { code: 'forbidden_collection' };
  const existing = storage.getDoc(change.collection, change.docId);
  const sent = change.set ?? {};
  const set = Object.fromEntries(Object.entries(sent).filter(([field]) => !SERVER_OWNED_FIELDS.has(field)));

  if (existing) {
    if (!mayEditDoc(user, existing)) return { code: existing && belongsTo(user, existing.communityId) ? 'forbidden_record' : 'forbidden_community' };
  } else if (!change.deleted) {
    const missing = REQUIRED_ON_CREATE[change.collection].find((field) => set[field] === undefined);
    if (missing) return { code: 'missing_field', field: missing };
  } else {
    // A phone sends its outbox in order, so a delete never arrives before its record's first change
    // unless that change was refused: then there is nothing here to delete, and the phone is told so.
    return { code: 'unknown_record' };
  }
  const targetCommunity = typeof set.communityId === 'string' ? set.communityId : existing?.communityId;
  if (!targetCommunity) return { code: 'missing_field', field: 'communityId' };
  if (!belongsTo(user, targetCommunity)) return { code: 'forbidden_community' };
  // A record stays in the community it was made in, even for someone who belongs to both: the
  // phones of the old community are sent only their communities' records, so they would never
  // learn it left and would keep a stale copy (and a workshop would leave its participants behind).
  if (existing && targetCommunity !== existing.communityId) return { code: 'forbidden_move' };
  const community = storage.communityById(targetCommunity);
  if (!community) return { code: 'unknown_community' };
  // A participant or follow-up action belongs to an event of the same community.
  if ((change.collection === 'participants' || change.collection === 'actions') && (set.workshopId !== undefined || set.communityId !== undefined)) {
    const workshopId = set.workshopId ?? existing?.fields.workshopId;
    const workshop = typeof workshopId === 'string' ? storage.getDoc('workshops', workshopId) : undefined;
    if (!workshop || workshop.communityId !== targetCommunity) return { code: 'workshop_mismatch' };
  }
  const touchesPublication =
    change.collection === 'caseStudies' && (set.status === 'published' || (existing?.fields.status === 'published' && set.status !== undefined));
  if (touchesPublication && !mayPublish(user)) return { code: 'forbidden_publish' };

  const hlc = clock.bound(change.hlc);
  if (hlc !== change.hlc) touched.callerHasIt = false;
  let merged = applyChange(existing, { collection: change.collection, docId: change.docId, hlc, ...(change.deleted ? { deleted: true } : { set }) });
  // The server, not the client, says who made a record and where its community lies.
  const owned: Record<string, unknown> = {};
  if (!existing) owned.createdBy = user.id;
  if (typeof set.communityId === 'string') {
    for (const field of PLACED_COLLECTIONS[change.collection] ?? []) {
      owned[field] = field === 'rayonCode' ? community.rayonId : community.name;
    }
  }
  if (Object.keys(owned).length > 0) {
    merged = applyChange(merged, { collection: change.collection, docId: change.docId, hlc, set: owned });
    if (Object.entries(owned).some(([field, value]) => !sameOwnedValue(sent[field], value))) touched.callerHasIt = false;
  }
  storage.putDoc({ ...merged, communityId: String(merged.fields.communityId), createdBy: String(merged.fields.createdBy) });
  // Only a list can list files: other changes leave the document's files as they were.
  if (change.deleted || Object.values(set).some(Array.isArray)) updateListedFiles(storage, user, merged);
  storage.recordChange({ ...changeLog(context, change), hlc });
  return null;
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

function changeLog(context: SyncContext, change: Change) {
  return {
    id: change.id,
    clientId: context.clientId,
    userId: context.user.id,
    collection: change.collection,
    docId: change.docId,
    receivedAt: new Date(context.now()).toISOString(),
  };
}

function publicDoc(doc: StoredDoc): DocState {
  return { collection: doc.collection, docId: doc.docId, fields: doc.fields, versions: doc.versions, deleted: doc.deleted };
}

function withdrawal(doc: StoredDoc): DocState {
  return { collection: doc.collection, docId: doc.docId, fields: {}, versions: {}, deleted: false, withdrawn: true };
}

/**
 * The server's own clock, used to bound stamps it cannot believe: a phone a year fast would
 * otherwise win every later edit; one reset to 1970 would lose them all. Such a stamp is replaced by
 * a fresh server stamp, which sorts after everything the server has seen so far.
 */
class ServerClock {
  private state: Hlc;
  private dirty = false;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {
    this.state = decodeHlc(storage.getState('hlc') ?? '') ?? initialHlc('server');
  }

  bound(stamp: string): string {
    const decoded = decodeHlc(stamp)!;
    const now = this.now();
    this.dirty = true;
    if (decoded.wallMs > now + MAX_FUTURE_MS || decoded.wallMs < EARLIEST_BELIEVABLE_MS) {
      this.state = tickHlc(this.state, now);
      return encodeHlc(this.state);
    }
    this.state = receiveHlc(this.state, decoded, now);
    return stamp;
  }

  save(): void {
    if (this.dirty) this.storage.setState('hlc', encodeHlc(this.state));
  }
}
