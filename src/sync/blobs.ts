import { API_PREFIX } from '../core/protocol-basics';
import type { AsharDb, PhotoRecord } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { unsentFiles } from '../db/saved-files';
import { discardBody, RetryLater, SignInNeeded } from './transport';

// Photos and documents travel apart from the records, one file per request, addressed by their
// SHA-256: a dropped connection costs at most the file in flight, a file the server already has is
// never sent again, and a record's text never waits behind its pictures.

export interface UploadReport {
  uploaded: number;
  failed: number;
}

/**
 * Sends every photo the server does not have yet, oldest first. A file refused for what it is
 * (wrong type, too large) is marked with the reason and skipped; a network or server failure stops
 * the run with RetryLater, keeping the rest for next time. When the server says this user's uploads
 * for the day are spent, photos wait until it said they may go, without holding back the records'
 * sync and without sending a photo again every few minutes only to have it refused.
 */
export async function uploadPendingPhotos(
  db: AsharDb,
  token: string,
  options: { fetcher?: typeof fetch; onUploaded?: (report: UploadReport) => void } = {},
): Promise<UploadReport> {
  const fetcher = options.fetcher ?? fetch;
  const report: UploadReport = { uploaded: 0, failed: 0 };
  // A wait longer than the server's day means the phone's date was set back since: not believed.
  const heldFor = ((await getMeta<number>(db, 'photoUploadsHeldUntil')) ?? 0) - Date.now();
  if (heldFor > 0 && heldFor <= MAX_HOLD_MS) return report;
  // Photos kept for the form of a record not saved yet go once the record does (it may never).
  const pending = await unsentFiles(db);
  pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const photo of pending) {
    const outcome = await uploadOne(photo, token, fetcher);
    const triedAt = new Date().toISOString();
    if (outcome === 'done') {
      await db.photos.update(photo.id, { uploaded: 1, uploadProblem: undefined, lastTriedAt: triedAt, attempts: (photo.attempts ?? 0) + 1 });
      report.uploaded += 1;
    } else {
      await db.photos.update(photo.id, { uploadProblem: outcome.problem, lastTriedAt: triedAt, attempts: (photo.attempts ?? 0) + 1 });
      if (outcome.retry) throw outcome.retry;
      if (outcome.holdMs) {
        await setMeta(db, 'photoUploadsHeldUntil', Date.now() + outcome.holdMs);
        return report;
      }
      report.failed += 1;
    }
    options.onUploaded?.({ ...report });
  }
  return report;
}

/**
 * "Sync now": the person asks, so photos held by the server's daily limit are tried again (the
 * limit may have been raised). One photo is sent, and held again if still refused.
 */
export async function liftUploadHold(db: AsharDb): Promise<void> {
  await db.meta.delete('photoUploadsHeldUntil');
}

type UploadOutcome = 'done' | { problem: string; retry?: Error; holdMs?: number };

/** When the server does not say how long, a day's limit is waited out for an hour before trying again. */
const DEFAULT_HOLD_MS = 60 * 60 * 1000;
/** The server's limit is per 24 hours: it never asks to wait longer. */
const MAX_HOLD_MS = 24 * 60 * 60 * 1000;

async function uploadOne(photo: PhotoRecord, token: string, fetcher: typeof fetch): Promise<UploadOutcome> {
  const url = `${API_PREFIX}/blobs/${photo.hash}`;
  const auth = { Authorization: `Bearer ${token}` };
  try {
    // Another phone may have sent the same file already (a shared photo of one attendance sheet).
    const head = await fetcher(url, { method: 'HEAD', headers: auth, credentials: 'omit' });
    if (head.status === 401) throw new SignInNeeded();
    // A Wi-Fi login page answers 200 to anything: only the server's answer counts as sent, the
    // file with its own type (the server sends the type its bytes show, which an upload must
    // match), or, after an upload, the file's hash named back.
    if (head.ok) return head.headers.get('Content-Type')?.split(';')[0] === photo.mime ? 'done' : notReached();
    const response = await fetcher(url, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': photo.mime },
      body: photo.blob,
      credentials: 'omit',
    });
    if (response.ok) return (await namesFile(response, photo.hash)) ? 'done' : notReached();
    if (response.status !== 429) discardBody(response);
    if (response.status === 401) throw new SignInNeeded();
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('Retry-After'));
      if (response.status === 429 && (await errorCode(response)) === 'upload_limit') {
        return { problem: 'photo.upload_limit', holdMs: retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_HOLD_MS) : DEFAULT_HOLD_MS };
      }
      return {
        problem: 'photo.server_busy',
        retry: new RetryLater(response.status === 429 ? 'server_busy' : 'server_error', retryAfter > 0 ? retryAfter * 1000 : null),
      };
    }
    return { problem: response.status === 413 ? 'photo.too_large' : response.status === 415 ? 'photo.wrong_type' : 'photo.refused' };
  } catch (error) {
    if (error instanceof SignInNeeded) throw error;
    return notReached();
  }
}

function notReached(): UploadOutcome {
  return { problem: 'photo.offline', retry: new RetryLater('offline') };
}

/** The `error.code` of a JSON error answer, if it is one. */
async function errorCode(response: Response): Promise<string | null> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: unknown } } | null;
  return typeof body?.error?.code === 'string' ? body.error.code : null;
}

/** Whether an upload's answer is the server's: `{"hash": …}` with this file's hash. */
async function namesFile(response: Response, hash: string): Promise<boolean> {
  const body = (await response.json().catch(() => null)) as { hash?: unknown } | null;
  return body?.hash === hash;
}
