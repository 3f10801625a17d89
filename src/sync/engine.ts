import { rebase } from '../core/merge';
import { MAX_CHANGES_PER_REQUEST, type SyncResponse } from '../core/protocol';
import type { AsharDb, OutboxEntry } from '../db/database';
import { deviceId, observeStamps, saveClockCheck, settleClock } from '../db/clock';
import { toLocalDoc } from '../db/doc-state';
import { getMeta, setMeta } from '../db/meta';
import { toChange } from '../db/outbox';
import { readSession, saveSession } from './session';
import { uploadPendingPhotos } from './blobs';
import { postJson, SignInNeeded } from './transport';

/** A push stays well under the server's 4 MB limit and small enough to finish on 2G. */
export const MAX_BATCH_BYTES = 512 * 1024;
const MAX_ROUNDS = 200;

export interface SyncProgress {
  sent: number;
  received: number;
  photosSent: number;
}

export type SyncOutcome = 'done' | 'signed_out' | 'sign_in_needed';

/**
 * One full sync: sends the outbox in bounded batches and pulls every change since the cursor, until
 * the server has nothing more. Throws RetryLater when the network or the server fails midway; what
 * was acknowledged before that is already saved, and the rest is simply sent again.
 */
export async function syncNow(db: AsharDb, options: SyncOptions = {}): Promise<SyncOutcome> {
  // The page and the service worker (Background Sync) may both want to sync: one at a time.
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return syncUnlocked(db, options);
  return (await locks.request(`ashar-sync-${db.name}`, () => syncUnlocked(db, options))) as SyncOutcome;
}

export interface SyncOptions {
  fetcher?: typeof fetch;
  onProgress?: (progress: SyncProgress) => void;
}

async function syncUnlocked(db: AsharDb, options: SyncOptions): Promise<SyncOutcome> {
  const session = await readSession(db);
  if (!session) return 'signed_out';
  if (session.expired) return 'sign_in_needed';
  const clientId = await deviceId(db);
  const progress: SyncProgress = { sent: 0, received: 0, photosSent: 0 };
  try {
    await syncRecords(db, clientId, session.token, progress, options);
    // Records first: their text is small and matters most; photos follow, one file per request.
    await uploadPendingPhotos(db, session.token, {
      ...(options.fetcher ? { fetcher: options.fetcher } : {}),
      onUploaded: (report) => {
        progress.photosSent = report.uploaded;
        options.onProgress?.({ ...progress });
      },
    });
  } catch (error) {
    if (error instanceof SignInNeeded) {
      await saveSession(db, { ...session, expired: true });
      return 'sign_in_needed';
    }
    throw error;
  }
  return 'done';
}

async function syncRecords(db: AsharDb, clientId: string, token: string, progress: SyncProgress, options: SyncOptions): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const batch = await nextBatch(db);
    const cursor = (await getMeta<string>(db, 'syncCursor')) ?? null;
    const sentAt = db.wallClock();
    const response = await postJson<SyncResponse>('/sync', { clientId, cursor, changes: batch.map(toChange) }, token, options.fetcher);
    await applyResponse(db, response, { sentAt, receivedAt: db.wallClock() });
    progress.sent += response.acked.length;
    progress.received += response.docs.length;
    options.onProgress?.({ ...progress });
    const remaining = await db.outbox.filter((entry) => !entry.rejected).count();
    if (!response.more && (remaining === 0 || batch.length === 0)) return;
  }
}

/** The oldest unsent changes, up to the byte and count limits (always at least one). */
async function nextBatch(db: AsharDb): Promise<OutboxEntry[]> {
  const batch: OutboxEntry[] = [];
  let bytes = 0;
  await db.outbox.orderBy('seq').until(() => bytes >= MAX_BATCH_BYTES || batch.length >= MAX_CHANGES_PER_REQUEST).each((entry) => {
    if (entry.rejected) return;
    const size = JSON.stringify(toChange(entry)).length;
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) {
      bytes = MAX_BATCH_BYTES;
      return;
    }
    batch.push(entry);
    bytes += size;
  });
  return batch;
}

export { toChange };

/**
 * Saves what the server answered, in one transaction: acknowledged changes leave the outbox,
 * refused ones are marked with the reason, and each document becomes the server's state with this
 * phone's still-unsent changes laid on top.
 */
export async function applyResponse(db: AsharDb, response: SyncResponse, timing: { sentAt: number; receivedAt: number }): Promise<void> {
  const tables = [db.outbox, db.meta, db.photos, ...db.docTables];
  await db.transaction('rw', tables, async () => {
    if (response.acked.length > 0) await db.outbox.bulkDelete(await db.outbox.where('changeId').anyOf(response.acked).primaryKeys());
    for (const rejection of response.rejected) {
      await db.outbox.where('changeId').equals(rejection.id).modify({ rejected: { code: rejection.code, message: rejection.message } });
    }
    // An answer overtaken by a later one (two syncs at once, e.g. page and service worker where
    // there is no Web Lock) holds older states of documents: what it acknowledged is true, but
    // its documents would put old text back and its cursor would move back.
    if (isBehind(response.cursor, await getMeta<string | null>(db, 'syncCursor'))) return;
    for (const doc of response.docs) {
      if (doc.withdrawn) {
        // Taken back from the shared library: this phone may no longer show it.
        await db.docs(doc.collection).delete(doc.docId);
        await db.photos.where('docId').equals(doc.docId).filter((photo) => photo.uploaded === 1).delete();
        continue;
      }
      const pending = await db.outbox.where('docId').equals(doc.docId).filter((entry) => !entry.rejected).sortBy('seq');
      const view = rebase(doc, pending.map(toChange));
      if (view) await db.docs(doc.collection).put(toLocalDoc(view));
    }
    await setMeta(db, 'syncCursor', response.cursor);
    await setMeta(db, 'lastSyncAt', new Date(timing.receivedAt).toISOString());
    await learnServerClock(db, response, timing);
  });
}

/**
 * Whether an answer's cursor is older than the one stored. Every document in an answer has a
 * sequence number at most its cursor, so an answer with a cursor no older than the stored one
 * never carries a document older than the phone holds.
 */
function isBehind(cursor: string, stored: string | null | undefined): boolean {
  return stored != null && Number(cursor) < Number(stored);
}

/**
 * Learns how far this phone's clock is from the server's (half the round trip counted), so its
 * next stamps are near true time even when the phone's date is wrong, brings the local clock back
 * if wrong dates left it in the future, and moves it past every stamp it has received.
 */
async function learnServerClock(db: AsharDb, response: SyncResponse, timing: { sentAt: number; receivedAt: number }) {
  const serverMs = Date.parse(response.serverTime);
  if (Number.isFinite(serverMs)) {
    await saveClockCheck(db, { offsetMs: Math.round(serverMs - (timing.sentAt + timing.receivedAt) / 2), checkedAtMs: timing.receivedAt });
    await settleClock(db, serverMs);
  }
  const now = Number.isFinite(serverMs) ? serverMs : timing.receivedAt;
  await observeStamps(db, response.docs.flatMap((doc) => Object.values(doc.versions)), now);
}
