import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { AttachmentType, Collection, Community, LocalizedName } from '../core/model';
import type { Change, DocState } from '../core/protocol';

// A backup file: one JSON document that a phone writes and another phone (or the rayon office's
// laptop) reads, with no network in between. Its bytes are exactly
//
//   {"header":HEADER,"body":BODY,"sha256":"<64 hex digits>"}
//
// HEADER is small (format, version, who made it and when, counts) and is read first, so a foreign
// or newer file is refused before the rest is even read. BODY holds the records with their
// per-field clock stamps and tombstones, the unsent changes, the communities the records belong
// to, and the photos in base64. The SHA-256 covers every byte before `,"sha256":`, exactly as
// written: one changed byte anywhere is caught, and a file cut short in transfer has lost its
// ending. Nothing is changed on the phone before all of this is checked.
// The reader finds the end of HEADER as the first `,"body":` in the file: JSON escapes every quote
// inside a string, so that sequence can only be the key itself, as long as HEADER never has a key
// named "body" (at any depth).

export const BACKUP_FORMAT = 'ashar-backup';
export const BACKUP_VERSION = 1;
export type BackupScope = 'all' | 'unsynced';

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  /** Raised when an older app could no longer read the file correctly. */
  version: number;
  createdAt: string;
  /** The clock node id of the phone that made the file. */
  deviceId: string;
  appVersion: string;
  scope: BackupScope;
  /** The community the phone worked for, so the file's name and the reader can say whose it is. */
  community: { id: string; name: LocalizedName } | null;
  counts: { docs: number; changes: number; communities: number; photos: number; photoBytes: number };
}

/** A change waiting in the outbox, as the protocol sends it, with when it was made. */
export type BackupChange = Change & { queuedAt: string };

export interface BackupPhotoInfo {
  id: string;
  collection: Collection;
  docId: string;
  hash: string;
  mime: AttachmentType;
  size: number;
  width?: number;
  height?: number;
  createdAt: string;
  /** 1 when the server already had it on the phone that made the file. */
  uploaded: 0 | 1;
}

export interface BackupContent {
  docs: readonly DocState[];
  changes: readonly BackupChange[];
  communities: readonly Community[];
  photos: readonly (BackupPhotoInfo & { blob: Blob })[];
}

/** What may go wrong reading a file; each is a translation key ("settings:backup.problem.*"). */
export type BackupProblem = 'not_backup' | 'newer_version' | 'truncated' | 'damaged' | 'bad_record' | 'bad_photo' | 'unreadable';

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    detail = '',
  ) {
    super(`${problem}${detail ? `: ${detail}` : ''}`);
    this.name = 'BackupError';
  }
}

export const PREFIX = '{"header":';
export const SEPARATOR = ',"body":';
/** The file's last bytes: `,"sha256":"<hex>"}`. */
export const TAIL = /^,"sha256":"([0-9a-f]{64})"\}$/;
export const TAIL_BYTES = ',"sha256":"'.length + 64 + '"}'.length;
/** Text is turned into bytes, hashed and handed to the browser's blob store in pieces this size. */
const FLUSH_CHARS = 256 * 1024;
/** Bytes per piece of base64 (a multiple of 3, so the pieces join into one valid base64 string). */
const BASE64_CHUNK = 3 * 8192;

/**
 * Writes the file piece by piece: text is encoded, hashed and moved into Blob parts as it comes, so
 * the file is never one big string, and each photo is held in memory only while it is encoded.
 */
class FileWriter {
  private readonly hasher = sha256.create();
  private readonly encoder = new TextEncoder();
  private readonly parts: Blob[] = [];
  private pending: string[] = [];
  private pendingChars = 0;

  write(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** Writes `"name":[item,item,…]`. */
  writeList<T>(name: string, items: readonly T[]): void {
    this.write(`${JSON.stringify(name)}:[`);
    items.forEach((item, index) => this.write((index ? ',' : '') + JSON.stringify(item)));
    this.write(']');
  }

  private flush(): void {
    if (this.pendingChars === 0) return;
    const bytes = this.encoder.encode(this.pending.join(''));
    this.hasher.update(bytes);
    this.parts.push(new Blob([bytes]));
    this.pending = [];
    this.pendingChars = 0;
  }

  /** Ends the file with the checksum of everything written before it. */
  finish(): Blob {
    this.flush();
    return new Blob([...this.parts, `,"sha256":"${bytesToHex(this.hasher.digest())}"}`], { type: 'application/json' });
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += BASE64_CHUNK) {
    pieces.push(btoa(String.fromCharCode(...bytes.subarray(start, start + BASE64_CHUNK))));
  }
  return pieces.join('');
}

/** Writes a whole backup file. Photos are read one at a time, in order. */
export async function writeBackupFile(
  about: Pick<BackupHeader, 'createdAt' | 'deviceId' | 'appVersion' | 'scope' | 'community'>,
  content: BackupContent,
): Promise<{ blob: Blob; header: BackupHeader }> {
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    ...about,
    counts: {
      docs: content.docs.length,
      changes: content.changes.length,
      communities: content.communities.length,
      photos: content.photos.length,
      photoBytes: content.photos.reduce((sum, photo) => sum + photo.blob.size, 0),
    },
  };
  const writer = new FileWriter();
  writer.write(`${PREFIX}${JSON.stringify(header)}${SEPARATOR}{`);
  writer.writeList('docs', content.docs);
  writer.write(',');
  writer.writeList('changes', content.changes);
  writer.write(',');
  writer.writeList('communities', content.communities);
  writer.write(',"photos":[');
  for (const [index, { blob, ...info }] of content.photos.entries()) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const json = JSON.stringify({ ...info, size: bytes.length });
    // The data goes last, written in pieces, after the photo's other fields.
    writer.write(`${index ? ',' : ''}${json.slice(0, -1)},"data":"`);
    for (let start = 0; start < bytes.length; start += BASE64_CHUNK * 8) writer.write(bytesToBase64(bytes.subarray(start, start + BASE64_CHUNK * 8)));
    writer.write('"}');
  }
  writer.write(']}');
  return { blob: writer.finish(), header };
}

export interface ParsedBackup extends BackupContent {
  header: BackupHeader;
}
