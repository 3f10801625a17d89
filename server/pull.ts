import { MAX_DOCS_PER_RESPONSE, MAX_RESPONSE_DOC_BYTES, type DocState } from '../src/core/protocol';
import type { Collection } from '../src/core/model';
import { keysMeet } from './audience';
import type { CursorState } from './cursor';
import { visibleConflicts } from './field-writes';
import type { StorageOps, StoredDoc } from './storage/types';
import type { Touched } from './apply-change';

// What a pull sends: exactly the documents the reader may read that their phone does not hold as
// they are, and a withdrawal for each document their phone holds that they may no longer read.
//
// The cursor says under which keys the phone holds what it holds. When the reader's keys change
// (added to a community, removed, made coordinator…), the documents under a key gained are sent
// and those under a key lost withdrawn, up to the cursor's seq, in bounded pages, before the pull
// goes on past it. Documents whose own audience changed (shared, unshared, published, unpublished)
// have a new seq and come in the ordinary pull: sent to whoever may read them now, withdrawn from
// whoever held them under a key they no longer have.

export interface PullRequest {
  storage: StorageOps;
  /** The reader's keys now. */
  keys: string[];
  state: CursorState;
  /**
   * The seq the pull reads up to (the cursor's horizon): every document at or below it has
   * committed (seq order is commit order), and one committed while the pull reads waits for the next.
   */
  horizon: number;
  /** Documents this request changed, and whether the phone already holds the result. */
  touched: Map<string, Touched>;
  /** Documents to send whatever the cursor says (a retried change the server had re-stamped). */
  resend: Set<string>;
  nameOf: (userId: string) => Promise<string>;
}

export interface PullResult {
  docs: DocState[];
  state: CursorState;
  more: boolean;
}

/** Brings the cursor's keys in line with the reader's keys now: gained keys start sending, lost ones withdrawing. */
export function reconcileKeys(state: CursorState, keys: readonly string[]): CursorState {
  const complete = state.complete.filter((key) => keys.includes(key));
  const gaining: Record<string, number> = {};
  const losing: Record<string, number> = { ...state.losing };
  for (const [key, position] of Object.entries(state.gaining)) {
    if (keys.includes(key)) gaining[key] = position;
    else losing[key] = 0;
  }
  for (const key of state.complete) if (!keys.includes(key)) losing[key] = 0;
  for (const key of keys) {
    if (complete.includes(key) || key in gaining) continue;
    gaining[key] = 0;
    delete losing[key];
  }
  return { ...state, complete, gaining, losing };
}

class Page {
  readonly docs: DocState[] = [];
  readonly sent = new Set<string>();
  private bytes = 0;
  full = false;

  /** Adds a document unless the page is full; a page always takes its first one. */
  add(state: DocState): boolean {
    const size = Buffer.byteLength(JSON.stringify(state));
    if (this.docs.length >= MAX_DOCS_PER_RESPONSE || (this.docs.length > 0 && this.bytes + size > MAX_RESPONSE_DOC_BYTES)) {
      this.full = true;
      return false;
    }
    this.bytes += size;
    this.docs.push(state);
    this.sent.add(docKey(state));
    return true;
  }
}

export async function pull(request: PullRequest): Promise<PullResult> {
  const state = reconcileKeys(request.state, request.keys);
  const page = new Page();
  const shown = async (doc: StoredDoc) => (keysMeet(request.keys, doc.audience) ? readable(doc, request.nameOf) : withdrawal(doc));

  for (const key of Object.keys(state.losing).sort()) {
    if (page.full) break;
    // Every document the phone may hold under the key: those it has as they are (up to the cursor)
    // and those changed since, of which it has an older state (the key may have left their audience
    // meanwhile). One still readable under another key stays on the phone.
    const walk = { formerToo: true, uptoSeq: request.horizon };
    const done = await walkKey(request.storage, key, state.losing, walk, async (doc) => keysMeet(request.keys, doc.audience) || page.add(withdrawal(doc)));
    if (done) delete state.losing[key];
  }
  for (const key of Object.keys(state.gaining).sort()) {
    if (page.full) break;
    // A document the phone holds under a key it had all along is not sent again.
    // Documents changed since the cursor come in the ordinary pull: the key is the reader's now.
    const done = await walkKey(
      request.storage,
      key,
      state.gaining,
      { uptoSeq: state.seq },
      async (doc) => keysMeet(state.complete, doc.audience) || page.add(await readable(doc, request.nameOf)),
    );
    if (done) {
      delete state.gaining[key];
      state.complete = [...state.complete, key].sort();
    }
  }
  const caughtUp = Object.keys(state.losing).length === 0 && Object.keys(state.gaining).length === 0;
  let more = !caughtUp;
  if (caughtUp && !page.full) {
    const changed = await request.storage.docsChangedAfter(state.seq, request.horizon, request.keys, MAX_DOCS_PER_RESPONSE + request.touched.size);
    more = changed.more;
    for (const doc of changed.docs) {
      const known = request.touched.get(docKey(doc))?.callerHasIt === true;
      if (!known && !page.add(await shown(doc))) {
        more = true;
        break;
      }
      state.seq = doc.seq;
    }
  }
  for (const key of request.resend) {
    if (page.sent.has(key)) continue;
    const [collection, docId] = key.split('/') as [Collection, string];
    const doc = await request.storage.getDoc(collection, docId);
    if (doc && doc.seq <= state.seq) page.docs.push(await shown(doc));
  }
  return { docs: page.docs, state, more: more || page.full };
}

/**
 * Walks the documents under `key` from its position up to `range.uptoSeq`, one storage page at a time,
 * while `take` accepts them. Moves the position past what it took; true once nothing is left.
 */
async function walkKey(
  storage: StorageOps,
  key: string,
  positions: Record<string, number>,
  range: { uptoSeq: number; formerToo?: boolean },
  take: (doc: StoredDoc) => Promise<boolean>,
): Promise<boolean> {
  const found = await storage.docsUnderKey(key, positions[key]!, range.uptoSeq, MAX_DOCS_PER_RESPONSE, { formerToo: range.formerToo ?? false });
  for (const doc of found.docs) {
    if (!(await take(doc))) return false;
    positions[key] = doc.seq;
  }
  return !found.more;
}

function docKey(doc: { collection: Collection; docId: string }): string {
  return `${doc.collection}/${doc.docId}`;
}

export async function readable(doc: StoredDoc, nameOf: (userId: string) => Promise<string>): Promise<DocState> {
  const conflicts = await visibleConflicts(doc, nameOf);
  return {
    collection: doc.collection,
    docId: doc.docId,
    fields: doc.fields,
    versions: doc.versions,
    deleted: doc.deleted,
    ...(conflicts ? { conflicts } : {}),
  };
}

export function withdrawal(doc: { collection: Collection; docId: string }): DocState {
  return { collection: doc.collection, docId: doc.docId, fields: {}, versions: {}, deleted: false, withdrawn: true };
}
