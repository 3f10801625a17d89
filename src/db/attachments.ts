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

/**
 * Keeps a file on the phone and lists it on its record, in one transaction: either both happen or
 * neither. Call it after the record's text is saved, so a full storage loses the photo (with a
 * QuotaExceededError for the caller to explain), never the text.
 */
export async function attachFile(db: AsharDb, collection: AttachableCollection, docId: string, file: NewFile): Promise<Attachment> {
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
  const field = ATTACHMENT_FIELD[collection];
  const table = db.docs(collection);
  await db.transaction('rw', [table, db.photos, db.outbox, db.meta, db.drafts], async () => {
    const current = (await table.get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
    if (!current || current._deleted) throw new Error(`${collection}/${docId} is not saved`);
    const list = (current[field] as Attachment[] | undefined) ?? [];
    if (list.some((item) => item.hash === hash)) return;
    if (!(await db.photos.where('hash').equals(hash).count())) {
      const record: PhotoRecord = {
        id: newId(),
        collection,
        docId,
        hash,
        mime: file.mime,
        blob: file.blob,
        size: file.blob.size,
        ...(file.width ? { width: file.width } : {}),
        ...(file.height ? { height: file.height } : {}),
        createdAt: new Date().toISOString(),
        uploaded: 0,
      };
      await db.photos.put(record);
    }
    await writeDoc(db, collection, docId, { [field]: [...list, attachment] });
  });
  return attachment;
}

/** Takes a file off its record. The phone's copy goes too unless another record still lists it. */
export async function detachFile(db: AsharDb, collection: AttachableCollection, docId: string, hash: string): Promise<void> {
  const field = ATTACHMENT_FIELD[collection];
  const table = db.docs(collection);
  await db.transaction('rw', [table, db.photos, db.outbox, db.meta, db.drafts], async () => {
    const current = (await table.get(docId)) as LocalDoc<Record<string, unknown>> | undefined;
    const list = (current?.[field] as Attachment[] | undefined) ?? [];
    if (!list.some((item) => item.hash === hash)) return;
    await writeDoc(db, collection, docId, { [field]: list.filter((item) => item.hash !== hash) });
    await db.photos.where('hash').equals(hash).filter((photo) => photo.docId === docId).delete();
  });
}
