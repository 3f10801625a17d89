import { MAX_CHANGES_PER_REQUEST } from '../core/protocol-basics';
import type { SyncResponse } from '../core/protocol';
import type { AsharDb, OutboxEntry } from '../db/database';
import { deviceId } from '../db/clock';
import { getMeta } from '../db/meta';
import { toChange } from '../db/outbox';
import { applyResponse } from './apply-response';
import { isSendable } from './authors';
import { heldForCarryOver } from './carry-over';
import { pullingFromStart, startPullFromStart } from './pull-from-start';
import { readSession, saveSession, type Session } from './session';
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
  const { signal } = options;
  if (signal) {
    // Every request carries the signal: one in flight stops too.
    const fetcher = options.fetcher ?? fetch;
    options = { ...options, fetcher: (input, init) => fetcher(input, { ...init, signal }) };
  }
  if (!locks) return syncUnlocked(db, options);
  return (await locks.request(`ashar-sync-${db.name}`, signal ? { signal } : {}, () => syncUnlocked(db, options))) as SyncOutcome;
}

export interface SyncOptions {
  fetcher?: typeof fetch;
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Stops the sync where it is (the service worker's, when a newer version takes over): waiting
   * for the lock or a request in flight throws, and what is not sent is sent by the next sync.
   */
  signal?: AbortSignal;
}

async function syncUnlocked(db: AsharDb, options: SyncOptions): Promise<SyncOutcome> {
  const session = await readSession(db);
  if (!session) return 'signed_out';
  if (session.expired) return 'sign_in_needed';
  const clientId = await deviceId(db);
  const progress: SyncProgress = { sent: 0, received: 0, photosSent: 0 };
  try {
    await syncRecords(db, clientId, session, progress, options);
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

async function syncRecords(db: AsharDb, clientId: string, session: Session, progress: SyncProgress, options: SyncOptions): Promise<void> {
  const author = session.user.id;
  await db.transaction('rw', [db.meta, db.pulled, db.outbox, ...db.docTables], async () => {
    // A first pull brings everything the person may read; at its end the phone holds exactly that.
    if ((await getMeta<string>(db, 'syncCursor')) == null && !(await pullingFromStart(db))) await startPullFromStart(db, { resendAs: null });
  });
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    // Changes waiting for what another phone must send back after a restore are tried once a sync.
    const batch = await nextBatch(db, author, await heldForCarryOver(db, session), round === 0);
    const cursor = (await getMeta<string>(db, 'syncCursor')) ?? null;
    const sentAt = db.wallClock();
    const response = await postJson<SyncResponse>('/sync', { clientId, cursor, changes: batch.map(toChange) }, session.token, options.fetcher);
    await applyResponse(db, response, { sentAt, receivedAt: db.wallClock() }, session.user);
    progress.sent += response.acked.length;
    progress.received += response.docs.length;
    options.onProgress?.({ ...progress });
    const remaining = await db.outbox.filter((entry) => isSendable(entry, author) && !entry.waiting).count();
    if (!response.more && (remaining === 0 || batch.length === 0)) return;
  }
}

/** The person's oldest unsent changes, up to the byte and count limits (always at least one). */
async function nextBatch(db: AsharDb, author: string, held: ReadonlySet<string>, withWaiting: boolean): Promise<OutboxEntry[]> {
  const batch: OutboxEntry[] = [];
  let bytes = 0;
  await db.outbox
    .orderBy('seq')
    .until(() => bytes >= MAX_BATCH_BYTES || batch.length >= MAX_CHANGES_PER_REQUEST)
    .each((entry) => {
      if (!isSendable(entry, author) || held.has(entry.docId) || (entry.waiting && !withWaiting)) return;
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

export { applyResponse, toChange };
