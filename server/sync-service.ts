import { decodeHlc, encodeHlc, initialHlc, receiveHlc, tickHlc, type Hlc } from '../src/core/hlc';
import { applyChange } from '../src/core/merge';
import {
  checkChange,
  MAX_DOCS_PER_RESPONSE,
  REQUIRED_ON_CREATE,
  SERVER_OWNED_FIELDS,
  type Change,
  type DocState,
  type Rejection,
  type SyncResponse,
} from '../src/core/protocol';
import { belongsTo, mayEditDoc, mayPublish, mayWriteCollection, seesAllCommunities } from './permissions';
import type { Storage, StoredDoc, UserRecord } from './storage/types';

/** A phone clock further ahead than this is not believed. */
const MAX_FUTURE_MS = 5 * 60 * 1000;
/** Stamps before this date come from a phone whose clock was reset (e.g. to 1970). */
const EARLIEST_BELIEVABLE_MS = Date.UTC(2024, 0, 1);

const MESSAGES: Record<string, string> = {
  forbidden_collection: 'Your role may not change records of this kind.',
  forbidden_community: 'You are not a member of this community.',
  forbidden_record: 'You may change only records you created.',
  forbidden_publish: 'Only ayil okmotu staff or coordinators may publish.',
  unknown_community: 'There is no such community.',
  missing_field: 'A new record needs this field.',
  unknown_record: 'This record never reached the server, so it cannot be deleted there.',
};

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
    for (const raw of rawChanges) {
      const checked = checkChange(raw);
      const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id.slice(0, 64) : '';
      if (!checked.ok) {
        rejected.push({ id, code: checked.code, message: checked.field ? `Invalid field: ${checked.field}` : 'Invalid change.' });
        continue;
      }
      const change = checked.change;
      if (storage.hasChange(change.id)) {
        acked.push(change.id);
        continue;
      }
      const problem = applyOne(context, clock, change);
      if (problem) rejected.push({ id: change.id, code: problem.code, message: MESSAGES[problem.code] ?? problem.code + (problem.field ? `: ${problem.field}` : '') });
      else acked.push(change.id);
    }
    clock.save();
    const page = storage.docsAfter(
      cursor === null ? 0 : Number(cursor),
      { allCommunities: seesAllCommunities(context.user.role), communityIds: context.user.communityIds },
      MAX_DOCS_PER_RESPONSE,
    );
    const lastSeq = page.docs.at(-1)?.seq ?? (cursor === null ? 0 : Number(cursor));
    return {
      acked,
      rejected,
      docs: page.docs.map(publicDoc),
      cursor: String(lastSeq),
      more: page.more,
      serverTime: new Date(context.now()).toISOString(),
    };
  });
}

function applyOne(context: SyncContext, clock: ServerClock, change: Change): { code: string; field?: string } | null {
  const { storage, user } = context;
  if (!mayWriteCollection(user, change.collection)) return { code: 'forbidden_collection' };
  const existing = storage.getDoc(change.collection, change.docId);
  const set = Object.fromEntries(Object.entries(change.set ?? {}).filter(([field]) => !SERVER_OWNED_FIELDS.has(field)));

  if (existing) {
    if (!mayEditDoc(user, existing)) return { code: existing && belongsTo(user, existing.communityId) ? 'forbidden_record' : 'forbidden_community' };
  } else if (!change.deleted) {
    const missing = REQUIRED_ON_CREATE[change.collection].find((field) => set[field] === undefined);
    if (missing) return { code: 'missing_field', field: missing };
  }
  const targetCommunity = typeof set.communityId === 'string' ? set.communityId : existing?.communityId;
  if (!targetCommunity) return { code: 'missing_field', field: 'communityId' };
  if (!belongsTo(user, targetCommunity)) return { code: 'forbidden_community' };
  if (!storage.communityExists(targetCommunity)) return { code: 'unknown_community' };
  const touchesPublication =
    change.collection === 'caseStudies' && (set.status === 'published' || (existing?.fields.status === 'published' && set.status !== undefined));
  if (touchesPublication && !mayPublish(user)) return { code: 'forbidden_publish' };

  // A phone sends its outbox in order, so a delete never arrives before its record's first change
  // unless that change was refused: then there is nothing here to delete, and the phone is told so.
  if (!existing && change.deleted) return { code: 'unknown_record' };
  const hlc = clock.bound(change.hlc);
  let merged = applyChange(existing, { collection: change.collection, docId: change.docId, hlc, ...(change.deleted ? { deleted: true } : { set }) });
  // The server, not the client, says who made a record.
  if (!existing) merged = applyChange(merged, { collection: change.collection, docId: change.docId, hlc, set: { createdBy: user.id } });
  storage.putDoc({ ...merged, communityId: String(merged.fields.communityId), createdBy: String(merged.fields.createdBy) });
  storage.recordChange({ ...changeLog(context, change), hlc });
  return null;
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
