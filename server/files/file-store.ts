import type { Readable } from 'node:stream';

/**
 * Where the server keeps uploaded files (photos, PDFs), each under the SHA-256 of its bytes in
 * lower-case hex. A file never changes once stored: the same hash always means the same bytes, so
 * storing it again, from any process, changes nothing anyone can see. Every instance of the server
 * given the same store serves every file in it.
 */
export interface FileStore {
  /** The file's size in bytes, or null when no file is stored under this hash. */
  size(hash: string): Promise<number | null>;
  /**
   * Stores the bytes under their hash, whole or not at all: a reader never sees part of a file.
   * Several processes storing the same hash at once all succeed and leave one whole file.
   */
  put(hash: string, bytes: Buffer): Promise<void>;
  /**
   * The file's bytes to stream (only the first `upTo` when given) and its whole size, or null when
   * no file is stored under this hash. Whoever takes the stream reads it to its end or destroys it.
   */
  open(hash: string, options?: { upTo?: number }): Promise<OpenedFile | null>;
}

export interface OpenedFile {
  /** The whole file's size, also when only its first bytes were asked for. */
  size: number;
  stream: Readable;
}

/** An S3-compatible bucket (AWS S3, MinIO, Ceph, R2, …): see README, "ASHAR_S3_…". */
export interface S3Settings {
  bucket: string;
  /** Put before every key, e.g. "ashar/"; '' for none. Ends with '/' when not empty. */
  prefix: string;
  region: string;
  /** The server's address when it is not AWS (MinIO, a data centre's own…). */
  endpoint: string | undefined;
  /** bucket in the path (http://host/bucket/key), as most self-hosted servers want, not in the host name. */
  pathStyle: boolean;
  /** Absent: the AWS SDK's own chain (AWS_ACCESS_KEY_ID, a machine role…). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export type FileStoreSettings = { kind: 'local'; directory: string } | ({ kind: 's3' } & S3Settings);

const HASH = /^[0-9a-f]{64}$/;

/** Refuses anything but a hash, so no name can reach outside the store (`../`, a prefix's other keys). */
export function checkHash(hash: string): void {
  if (!HASH.test(hash)) throw new Error(`Not a file hash: ${JSON.stringify(hash.slice(0, 80))}`);
}

/**
 * A file's place, the same in a directory and in a bucket: a folder per first two hex digits, so that
 * no folder holds more than about 1/256 of all files, and a local directory copies to a bucket as it is.
 */
export const fileKey = (hash: string) => `${hash.slice(0, 2)}/${hash}`;
