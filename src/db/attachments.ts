import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { newId } from '../core/ids';
import type { Attachment, AttachmentType, Collection } from '../core/model';
import type { AsharDb, LocalDoc, PhotoRecord } from './database';
import { writeDoc } from './docs';
import { ofSavedRecords } from './saved-files';

/** The record field that lists a collection's files. */
export const ATTACHMENT_FIELD = {
  assets: 'photos',
  caseStudies: 'attachments',
  workshops: 'photos',
  questions: 'attachments',
  answers: 'attachments',
} as const satisfies Partial<Record<Collection, string>>;
export type AttachableCollection = keyof typeof ATTACHMENT_FIELD;

/** SHA-256 in hex. Computed in JavaScript: WebCrypto is missing on plain-HTTP village networks. */
export async function hashBlob(blob: Blob): Promise<string> {
  return bytesToHex(sha256(new Uint8Array(await blob.arrayBuffer())));
}

export interface NewFile {
  blob: Blob;
  mime: AttachmentType;
  name?: string;
  width?: number;
  height?: number;
  thumb?: string;
}

/** A file with its SHA-256 already computed: hashing cannot happen inside a transaction (IndexedDB
 * commits a transaction that waits on anything but itself), storing can. */
export interface PreparedFile {
  attachment: Attachment;
  blob: Blob;
}

export async function prepareFile(file: NewFile): Promise<PreparedFile> {
  const hash = await hashBlob(file.blob);
  const attachment: Attachment = {
    hash,
    mime: file.mime,
    size: file.blob.size,
    ...(file.name ? { name: file.name } : {}),
    ...(file.width ? { width: file.width } : {}),
    ...(file.height ? { height: file.height } : {}),
    ...(file.thumb ? { thumb: file.thumb } : {}),
  };
  return { attachment, blob: file.blob };
}

/** The tables a transaction storing a record's files (and the record itself) must hold. */
function fileTables(db: AsharDb, collection: AttachableCollection) {
  // Asking or answering also follows the thread, in the same transaction (src/db/practice.ts).
  const practice = collection === 'questions' || collection === 'answers' ? [db.questions, db.answers, db.follows] : [];
  return [db.docs(collection), db.photos, db.outbox, db.meta, db.drafts, ...practice];
}

/** A new row of the photos table for a record's file; `uploaded` 1 when it came from the server. */
export function photoRecord(collection: Collection, docId: string, attachment: Attachment, blob: Blob, uploaded: 0 | 1 = 0): PhotoRecord {
  return {
    id: newId(),
    collection,
    docId,
    hash: attachment.hash,
    mime: attachment.mime,
    blob,
    size: blob.size,
    ...(attachment.width ? { width: attachment.width } : {}),
    ...(attachment.height ? { height: attachment.height } : {}),
    createdAt: new Date().toISOString(),
    uploaded,
  };
}

/**
 * Whether this record has its own copy of the file. Each record keeps one: were it to lean on
 * another record's, taking the photo off that one (or throwing away its form) would leave this
 * record without the file, never sent.
 */
export async function hasCopy(db: AsharDb, hash: string, docId: string): Promise<boolean> {
  return (
    (await db.photos
      .where('hash')
      .equals(hash)
      .filter((photo) => photo.docId === docId)
      .count()) > 0
  );
}

/** Inside a transaction over `fileTables`: keeps the file (once per record) and lists it on its record. */
async function storeFile(db: AsharDb, collection: AttachableCollection, docId: string, { attachment, blob }: PreparedFile): Promise<void> {
  const field = ATTACHMENT_FIELD[collection];
  const current = (await db.docs(collection).get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
  if (!current || current._deleted) throw new Error(`${collection}/${docId} is not saved`);
  const list = (current[field] as Attachment[] | undefined) ?? [];
  if (list.some((item) => item.hash === attachment.hash)) return;
  if (!(await hasCopy(db, attachment.hash, docId))) await db.photos.put(photoRecord(collection, docId, attachment, blob));
  await writeDoc(db, collection, docId, { [field]: [...list, attachment] });
}

/**
 * Keeps a file on the phone and lists it on its saved record, in one transaction: either both happen
 * or neither. A full storage throws (QuotaExceededError, for the caller to explain); the record's
 * text, saved before, stays.
 */
export async function attachFile(db: AsharDb, collection: AttachableCollection, docId: string, file: NewFile): Promise<Attachment> {
  const prepared = await prepareFile(file);
  await db.transaction('rw', fileTables(db, collection), () => storeFile(db, collection, docId, prepared));
  return prepared.attachment;
}

/**
 * Keeps a photo picked in the form of a record not saved yet, under the id the record will have.
 * It is stored at once, in a row of its own, so saving the record later writes no file at all: on a
 * full phone the photo is refused here, while the person is still there to hear it, and the
 * record's text and its draft (which lists the photo, not its bytes) stay small enough to save.
 * Not sent to the server until its record is saved (see sync/blobs.ts).
 */
export async function keepPendingFile(db: AsharDb, collection: AttachableCollection, docId: string, file: NewFile): Promise<Attachment> {
  const { attachment, blob } = await prepareFile(file);
  await db.transaction('rw', db.photos, async () => {
    if (!(await hasCopy(db, attachment.hash, docId))) await db.photos.put(photoRecord(collection, docId, attachment, blob));
  });
  return attachment;
}

/**
 * Keeps, under `toId` too, the photos kept for a form under `fromId` (`keepPendingFile`): the form's
 * record takes a new id (its old one was saved by another tab) and keeps its photos.
 */
export async function copyPendingFiles(db: AsharDb, collection: AttachableCollection, fromId: string, toId: string, hashes: readonly string[]): Promise<void> {
  await db.transaction('rw', db.photos, async () => {
    const wanted = new Set(hashes);
    const rows = (await db.photos.where('docId').equals(fromId).toArray()).filter((row) => row.collection === collection && wanted.has(row.hash));
    for (const row of rows) {
      if (await hasCopy(db, row.hash, toId)) continue;
      const { hash, mime, size, width, height } = row;
      await db.photos.put(photoRecord(collection, toId, { hash, mime, size, width, height }, row.blob));
    }
  });
}

/**
 * Drops photos kept for a record's form (`keepPendingFile`) that its saved record does not list:
 * the form was discarded, or a photo taken off it. `hash` limits it to one photo.
 */
export async function dropPendingFiles(db: AsharDb, collection: AttachableCollection, docId: string, hash?: string): Promise<void> {
  await db.transaction('rw', [db.docs(collection), db.photos], async () => {
    const current = (await db.docs(collection).get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
    const list = current && !current._deleted ? ((current[ATTACHMENT_FIELD[collection]] as Attachment[] | undefined) ?? []) : [];
    const listed = new Set(list.map((item) => item.hash));
    await db.photos
      .where('docId')
      .equals(docId)
      .filter((photo) => photo.collection === collection && !listed.has(photo.hash) && (hash === undefined || photo.hash === hash))
      .delete();
  });
}

/**
 * Saves a record and lists on it the photos kept for its form, in one transaction: the record, its
 * outbox change and the cleared draft commit together, and no file is written (they were stored
 * when picked). A tab closed or a browser killed at any moment leaves all of it, or none of it and
 * the form's draft and its photos untouched. `writeRecord` writes the record with Dexie only and
 * returns its id, the one the photos were kept under. A photo whose row is gone is not listed.
 */
export async function saveWithFiles(
  db: AsharDb,
  collection: AttachableCollection,
  writeRecord: () => Promise<string>,
  files: readonly Attachment[],
): Promise<string> {
  return db.transaction('rw', fileTables(db, collection), async () => {
    const docId = await writeRecord();
    if (files.length === 0) return docId;
    const field = ATTACHMENT_FIELD[collection];
    const current = (await db.docs(collection).get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
    if (!current || current._deleted) throw new Error(`${collection}/${docId} is not saved`);
    const list = (current[field] as Attachment[] | undefined) ?? [];
    const kept = new Set(
      (await db.photos.where('docId').equals(docId).toArray()).filter((photo) => photo.collection === collection).map((photo) => photo.hash),
    );
    const added = files.filter(
      (file, index) => kept.has(file.hash) && !list.some((item) => item.hash === file.hash) && files.findIndex((other) => other.hash === file.hash) === index,
    );
    if (added.length > 0) await writeDoc(db, collection, docId, { [field]: [...list, ...added] });
    return docId;
  });
}

/** Takes a file off its record. The phone's copy goes too unless another record still lists it. */
export async function detachFile(db: AsharDb, collection: AttachableCollection, docId: string, hash: string): Promise<void> {
  const field = ATTACHMENT_FIELD[collection];
  await db.transaction('rw', fileTables(db, collection), async () => {
    const current = (await db.docs(collection).get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
    const list = (current?.[field] as Attachment[] | undefined) ?? [];
    if (!list.some((item) => item.hash === hash)) return;
    await writeDoc(db, collection, docId, { [field]: list.filter((item) => item.hash !== hash) });
    await db.photos
      .where('hash')
      .equals(hash)
      .filter((photo) => photo.docId === docId)
      .delete();
  });
}

/**
 * Kept for a form this long, a photo no draft lists was left by a tab that died before its draft
 * was written. Long, because two tabs on the same new form share one draft: the photos of the one
 * whose draft was overwritten are still on its screen, and saving it lists them.
 */
const ORPHAN_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Removes photos kept for a form (`keepPendingFile`) that no record and no draft lists: left when
 * the app died between storing a photo and writing the form's draft, a quarter second later. Only
 * once they are a week old, so a form open in another tab keeps its photos.
 */
export async function sweepOrphanFiles(db: AsharDb, nowMs: number): Promise<number> {
  return db.transaction('rw', [db.photos, db.drafts, ...db.docTables], async () => {
    const listedByForms = new Set<string>();
    for (const draft of await db.drafts.toArray()) {
      const values = draft.values as { recordId?: unknown; pendingPhotos?: unknown };
      if (typeof values.recordId !== 'string' || !Array.isArray(values.pendingPhotos)) continue;
      for (const photo of values.pendingPhotos as { hash?: unknown }[])
        if (typeof photo.hash === 'string') listedByForms.add(`${values.recordId}/${photo.hash}`);
    }
    const old = (await db.photos.where('uploaded').equals(0).toArray()).filter(
      (file) => nowMs - Date.parse(file.createdAt) >= ORPHAN_AFTER_MS && !listedByForms.has(`${file.docId}/${file.hash}`),
    );
    const saved = new Set((await ofSavedRecords(db, old)).map((file) => file.id));
    const orphans = old.filter((file) => !saved.has(file.id)).map((file) => file.id);
    await db.photos.bulkDelete(orphans);
    return orphans.length;
  });
}

/** The full-size files on this phone that the server already holds (sent from here, or fetched from it). */
export async function sentFilesSize(db: AsharDb): Promise<{ count: number; bytes: number }> {
  let bytes = 0;
  const files = await db.photos.where('uploaded').equals(1).toArray();
  for (const file of files) bytes += file.size;
  return { count: files.length, bytes };
}

/**
 * Frees space on a full phone: removes the full-size files the server already holds. Every record
 * keeps its list of files and their small pictures, and a file is fetched again when opened with a
 * connection. Nothing waiting to be sent is touched.
 */
export async function removeSentFiles(db: AsharDb): Promise<{ count: number; bytes: number }> {
  return db.transaction('rw', db.photos, async () => {
    const freed = await sentFilesSize(db);
    await db.photos.where('uploaded').equals(1).delete();
    return freed;
  });
}
