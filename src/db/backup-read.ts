import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import * as v from 'valibot';
import { checkDocState, localizedNameSchema as localizedName } from '../core/doc-check';
import { ATTACHMENT_TYPES, COLLECTIONS, type Community } from '../core/model';
import { checkChange, MAX_BLOB_BYTES, type DocState } from '../core/protocol';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  PREFIX,
  SEPARATOR,
  TAIL,
  TAIL_BYTES,
  type BackupChange,
  type BackupHeader,
  type BackupPhotoInfo,
  type ParsedBackup,
} from './backup-file';

// Reading a backup file (its layout is described in backup-file.ts): everything is checked before
// the caller may change anything with it.

/** The header is a few hundred bytes; nothing longer is looked at for it. */
const HEADER_LIMIT = 64 * 1024;
const READ_CHUNK = 1024 * 1024;

const isoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const headerSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  createdAt: isoTime,
  deviceId: v.pipe(v.string(), v.maxLength(64)),
  appVersion: v.pipe(v.string(), v.maxLength(40)),
  scope: v.picklist(['all', 'unsynced']),
  community: v.nullable(v.object({ id: v.pipe(v.string(), v.maxLength(100)), name: localizedName })),
  counts: v.object({ docs: count, changes: count, communities: count, photos: count, photoBytes: count }),
});

const bodySchema = v.object({
  docs: v.array(v.unknown()),
  changes: v.array(v.unknown()),
  communities: v.array(v.unknown()),
  photos: v.array(v.unknown()),
});

const communitySchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  name: localizedName,
  rayonCode: v.nullable(v.pipe(v.string(), v.maxLength(20))),
  code: v.nullable(v.pipe(v.string(), v.maxLength(50))),
  createdAt: v.pipe(v.string(), v.maxLength(40)),
  updatedAt: v.pipe(v.string(), v.maxLength(40)),
});

const dimension = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20_000)));
const photoInfoSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  collection: v.picklist(COLLECTIONS),
  docId: v.pipe(v.string(), v.maxLength(100)),
  hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  mime: v.picklist(ATTACHMENT_TYPES),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BLOB_BYTES)),
  width: dimension,
  height: dimension,
  createdAt: v.pipe(v.string(), v.maxLength(40)),
  uploaded: v.picklist([0, 1]),
});
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Reads and checks a whole file before anything is changed: the header, the checksum, every record
 * against the protocol's schemas, every change, and every photo against its own SHA-256. Throws
 * BackupError saying what is wrong.
 */
export async function readBackupFile(file: Blob): Promise<ParsedBackup> {
  const { header, bodyStart } = await readHeader(file);
  const tail = TAIL.exec(await readText(file.slice(Math.max(bodyStart, file.size - TAIL_BYTES))));
  // A file cut short in transfer has lost its ending.
  if (!tail) throw new BackupError('truncated');
  const covered = file.size - TAIL_BYTES;
  if ((await hashBlob(file.slice(0, covered))) !== tail[1]) throw new BackupError('damaged', 'checksum');
  const bodyBlob = file.slice(bodyStart, covered);
  // Parsed in a helper so that only the checked arrays hold the photos' data, each let go once decoded.
  const parsed = v.safeParse(bodySchema, await parseJson(bodyBlob));
  if (!parsed.success) throw new BackupError('damaged', 'body shape');
  const { docs, changes, communities, photos } = parsed.output;
  const { counts } = header;
  if (docs.length !== counts.docs || changes.length !== counts.changes || communities.length !== counts.communities || photos.length !== counts.photos) {
    throw new BackupError('damaged', 'counts');
  }
  return {
    header,
    docs: docs.map(checkDoc),
    changes: changes.map(checkBackupChange),
    communities: communities.map(checkCommunity),
    // Decoded one by one, each data string dropped as soon as its bytes are checked.
    photos: photos.map((photo, index) => {
      const checked = checkPhoto(photo);
      photos[index] = null;
      return checked;
    }),
  };
}

async function parseJson(blob: Blob): Promise<unknown> {
  const text = await readText(blob);
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupError('damaged', 'body is not JSON');
  }
}

async function readHeader(file: Blob): Promise<{ header: BackupHeader; bodyStart: number }> {
  const head = new Uint8Array(await readBytes(file.slice(0, HEADER_LIMIT)));
  const prefix = new TextEncoder().encode(PREFIX);
  if (head.length < prefix.length || prefix.some((byte, index) => head[index] !== byte)) throw new BackupError('not_backup');
  const end = indexOf(head, new TextEncoder().encode(SEPARATOR));
  if (end < 0) throw new BackupError(file.size <= HEADER_LIMIT ? 'truncated' : 'damaged', 'no header end');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(prefix.length, end)));
  } catch {
    throw new BackupError('damaged', 'header is not JSON');
  }
  const about = raw as { format?: unknown; version?: unknown } | null;
  if (about?.format !== BACKUP_FORMAT) throw new BackupError('not_backup');
  if (typeof about.version === 'number' && about.version > BACKUP_VERSION) throw new BackupError('newer_version');
  return { header: checkHeader(raw), bodyStart: end + SEPARATOR.length };
}

export function checkDoc(input: unknown): DocState {
  const checked = checkDocState(input);
  if (!checked.ok) throw new BackupError('bad_record', checked.field);
  return checked.doc;
}

export function checkBackupChange(input: unknown): BackupChange {
  if (typeof input !== 'object' || input === null) throw new BackupError('bad_record', 'change');
  const { queuedAt, ...change } = input as Record<string, unknown>;
  const checked = checkChange(change);
  if (!checked.ok || !v.is(isoTime, queuedAt)) throw new BackupError('bad_record', checked.ok ? 'queuedAt' : (checked.field ?? checked.code));
  return { ...checked.change, queuedAt };
}

export function checkCommunity(input: unknown): Community {
  const checked = v.safeParse(communitySchema, input);
  if (!checked.success) throw new BackupError('bad_record', 'community');
  return checked.output;
}

/** A photo's fields without its data (the safety copy keeps each photo's bytes in a file of its own). */
export function checkPhotoInfo(input: unknown): BackupPhotoInfo {
  const checked = v.safeParse(photoInfoSchema, input);
  if (!checked.success) throw new BackupError('bad_photo', 'fields');
  const photo: BackupPhotoInfo = { ...checked.output, uploaded: checked.output.uploaded as 0 | 1 };
  if (photo.width === undefined) delete photo.width;
  if (photo.height === undefined) delete photo.height;
  return photo;
}

/** The header of a backup file, checked (also the safety copy's). */
export function checkHeader(raw: unknown): BackupHeader {
  const header = v.safeParse(headerSchema, raw);
  if (!header.success) throw new BackupError('damaged', 'header fields');
  return header.output as BackupHeader;
}

function checkPhoto(input: unknown): BackupPhotoInfo & { blob: Blob } {
  if (typeof input !== 'object' || input === null) throw new BackupError('bad_photo', 'fields');
  const { data, ...fields } = input as Record<string, unknown>;
  if (typeof data !== 'string' || !BASE64.test(data)) throw new BackupError('bad_photo', 'fields');
  const photo = checkPhotoInfo(fields);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64ToBytes(data);
  } catch {
    throw new BackupError('bad_photo', photo.hash);
  }
  if (bytes.length !== photo.size || bytesToHex(sha256(bytes)) !== photo.hash) throw new BackupError('bad_photo', photo.hash);
  return { ...photo, blob: new Blob([bytes], { type: photo.mime }) };
}

export async function hashBlob(blob: Blob): Promise<string> {
  const hasher = sha256.create();
  for (let start = 0; start < blob.size; start += READ_CHUNK) {
    hasher.update(new Uint8Array(await readBytes(blob.slice(start, start + READ_CHUNK))));
  }
  return bytesToHex(hasher.digest());
}

/** Reading may fail when the file was moved or its permission lapsed: that is said plainly. */
async function readBytes(blob: Blob): Promise<ArrayBuffer> {
  try {
    return await blob.arrayBuffer();
  } catch {
    throw new BackupError('unreadable');
  }
}

async function readText(blob: Blob): Promise<string> {
  return new TextDecoder('utf-8').decode(await readBytes(blob));
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    for (let index = 0; index < needle.length; index += 1) if (haystack[start + index] !== needle[index]) continue outer;
    return start;
  }
  return -1;
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
