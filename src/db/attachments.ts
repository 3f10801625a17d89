import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { newId } from '../core/ids';
import type { Attachment, AttachmentType, Collection } from '../core/model';
import type { AsharDb, LocalDoc, PhotoRecord } from './database';
import { writeDoc } from './docs';

/** The record field that lists a collection's files. */
export const ATTACHMENT_FIELD = { assets: 'photos', caseStudies: 'attachments', workshops: 'photos' } as const satisfies Partial<
  Record<Collection, string>
>;
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
  return [db.docs(collection), db.photos, db.outbox, db.meta, db.drafts];
}

/** Inside a transaction over `fileTables`: keeps the file (once per hash) and lists it on its record. */
async function storeFile(db: AsharDb, collection: AttachableCollection, docId: string, { attachment, blob }: PreparedFile): Promise<void> {
  const field = ATTACHMENT_FIELD[collection];
  const current = (await db.docs(collection).get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
  if (!current || current._deleted) throw new Error(`${collection}/${docId} is not saved`);
  const list = (current[field] as Attachment[] | undefined) ?? [];
  if (list.some((item) => item.hash === attachment.hash)) return;
  if (!(await db.photos.where('hash').equals(attachment.hash).count())) {
    const record: PhotoRecord = {
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
      uploaded: 0,
    };
    await db.photos.put(record);
  }
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
 * Saves a record together with the files picked before it was saved, in one transaction: the
 * record, its outbox change, every file and the cleared draft commit together. A tab closed or a
 * browser killed at any moment leaves all of it, or none of it and the form's draft (which holds the
 * text and the files) untouched. `writeRecord` writes the record with Dexie only and returns its id;
 * it may run again after a failure, so a new record must get its id inside it.
 */
export async function saveWithFiles(db: AsharDb, collection: AttachableCollection, writeRecord: () => Promise<string>, files: readonly NewFile[]): Promise<string> {
  const prepared: PreparedFile[] = [];
  for (const file of files) prepared.push(await prepareFile(file));
  return db.transaction('rw', fileTables(db, collection), async () => {
    const docId = await writeRecord();
    for (const file of prepared) await storeFile(db, collection, docId, file);
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
    await db.photos.where('hash').equals(hash).filter((photo) => photo.docId === docId).delete();
  });
}
