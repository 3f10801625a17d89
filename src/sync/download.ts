import { API_PREFIX } from '../core/protocol-basics';
import type { Attachment, Collection } from '../core/model';
import { hashBlob, photoRecord } from '../db/attachments';
import type { AsharDb, PhotoRecord } from '../db/database';
import { discardBody, RetryLater, SignInNeeded } from './transport';

// Full files of records that came from other phones, fetched only when someone opens them.

/** A file this phone has for the attachment, whether taken here or fetched before. */
export async function localFile(db: AsharDb, hash: string): Promise<PhotoRecord | undefined> {
  return db.photos.where('hash').equals(hash).first();
}

/**
 * Fetches the full file of an attachment from the server (on demand: only when someone opens it),
 * checks it is the file the record names, and keeps it on the phone.
 */
export async function fetchAttachment(
  db: AsharDb,
  token: string,
  owner: { collection: Collection; docId: string },
  attachment: Attachment,
  fetcher: typeof fetch = fetch,
): Promise<PhotoRecord> {
  const known = await localFile(db, attachment.hash);
  if (known) return known;
  let response: Response;
  try {
    response = await fetcher(`${API_PREFIX}/blobs/${attachment.hash}`, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit' });
  } catch {
    throw new RetryLater('offline');
  }
  if (!response.ok) discardBody(response);
  if (response.status === 401) throw new SignInNeeded();
  if (response.status === 404) throw new FileNotThereYet();
  if (!response.ok) throw new RetryLater('server_error');
  const blob = new Blob([await response.arrayBuffer()], { type: attachment.mime });
  if ((await hashBlob(blob)) !== attachment.hash) throw new RetryLater('server_error');
  const record = photoRecord(owner.collection, owner.docId, attachment, blob, 1);
  await db.photos.put(record);
  return record;
}

/** The phone that took the photo has not uploaded it yet. */
export class FileNotThereYet extends Error {}
