import { keysMeet, readerKeysIn } from './audience';
import type { StorageOps, StoredDoc, UserRecord } from './storage/types';

// Who may fetch a file. Files are named by their SHA-256, which nobody guesses, but a name travels
// in every record that lists the file, so it can leak. A user may fetch a file when they uploaded
// it (they hold its bytes), or when they may read a record that lists it and the one who listed it
// held the file: uploaded it, or could already fetch it when listing it. Listing a leaked name in a
// record of one's own therefore grants nothing. Anyone else is answered as if there were no such file.
//
// A phone sends a record before its photos (src/sync/engine.ts), so a listing usually comes first
// and counts from the moment its author's upload arrives.

const HASH = /^[0-9a-f]{64}$/;

/** The files a document's fields list: every attachment is an object with a `hash`, in a list. */
export function listedFiles(fields: Record<string, unknown>): string[] {
  const hashes = new Set<string>();
  for (const value of Object.values(fields)) {
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      const hash = (item as { hash?: unknown } | null)?.hash;
      if (typeof hash === 'string' && HASH.test(hash)) hashes.add(hash);
    }
  }
  return [...hashes].sort();
}

export async function mayFetchBlob(storage: StorageOps, user: UserRecord, hash: string): Promise<boolean> {
  if (await storage.hasUploadedBlob(hash, user.id)) return true;
  const referrers = (await storage.blobReferrers(hash)).filter((doc) => doc.vouched || doc.addedByUploaded);
  if (referrers.length === 0) return false;
  const keys = await readerKeysIn(storage, user);
  return referrers.some((doc) => keysMeet(keys, doc.audience));
}

/**
 * Brings the list of files a document lists up to date after `user` changed it. A file it listed
 * before keeps who listed it; a new one is put down to `user`. A deleted document lists nothing.
 */
export async function updateListedFiles(
  storage: StorageOps,
  user: UserRecord,
  doc: Pick<StoredDoc, 'collection' | 'docId' | 'fields' | 'deleted'>,
): Promise<void> {
  const before = await storage.blobRefs(doc.collection, doc.docId);
  const now = doc.deleted ? [] : listedFiles(doc.fields);
  if (now.join() === before.map((ref) => ref.hash).join()) return;
  const refs = [];
  for (const hash of now) refs.push(before.find((ref) => ref.hash === hash) ?? { hash, addedBy: user.id, vouched: await mayFetchBlob(storage, user, hash) });
  await storage.setBlobRefs(doc.collection, doc.docId, refs);
}
