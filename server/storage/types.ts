import type { Collection, LocalizedName } from '../../src/core/model';
import type { DocState } from '../../src/core/protocol';

// What the server needs from a database. SQLite implements it for one process; a PostgreSQL
// implementation behind the same interface serves several stateless instances.

export const ROLES = ['volunteer', 'staff', 'facilitator', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  communityIds: string[];
  disabled: boolean;
  passwordHash: string;
}

export interface CommunityRecord {
  id: string;
  name: LocalizedName;
  rayonId: string | null;
  code: string | null;
  createdAt: string;
}

export interface StoredDoc extends DocState {
  communityId: string;
  createdBy: string;
  seq: number;
  /** A case study in the shared library. */
  published?: boolean;
}

export interface TokenRecord {
  id: string;
  userId: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** A file a document lists, and who put it in the list (see server/blob-access.ts). */
export interface BlobRef {
  hash: string;
  addedBy: string;
  /** Whoever listed it could already fetch the file at the time. */
  vouched: boolean;
}

/** A document (not deleted) that lists a file, as much as deciding who may fetch the file needs. */
export interface BlobReferrer {
  collection: Collection;
  communityId: string;
  published: boolean;
  vouched: boolean;
  /** The one who listed the file has since uploaded it. */
  addedByUploaded: boolean;
}

export interface DocPage {
  docs: StoredDoc[];
  more: boolean;
}

export interface Storage {
  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: () => T): T;

  countUsers(): number;
  createUser(user: UserRecord, createdAt: string): void;
  updateUser(id: string, patch: { role?: Role; communityIds?: string[]; disabled?: boolean }): void;
  setPassword(id: string, passwordHash: string): void;
  userById(id: string): UserRecord | null;
  userByName(username: string): UserRecord | null;

  createCommunity(community: CommunityRecord): void;
  /** Renames a community or moves it to another rayon (the example communities, when their text changes). */
  updateCommunity(id: string, patch: { name: LocalizedName; rayonId: string | null }): void;
  listCommunities(): CommunityRecord[];
  communityExists(id: string): boolean;
  communityById(id: string): CommunityRecord | null;

  createToken(token: TokenRecord & { tokenHash: string; deviceName: string; createdAt: string }): void;
  tokenByHash(tokenHash: string): TokenRecord | null;
  touchToken(id: string, at: string, expiresAt: string): void;
  revokeToken(id: string, at: string): void;
  revokeUserTokens(userId: string, at: string): void;

  hasChange(id: string): boolean;
  /** The stamp a stored change was applied with (the server may have bounded the phone's), or null. */
  appliedHlc(id: string): string | null;
  recordChange(change: { id: string; clientId: string; userId: string; collection: Collection; docId: string; hlc: string; receivedAt: string }): void;
  getDoc(collection: Collection, docId: string): StoredDoc | null;
  putDoc(doc: Omit<StoredDoc, 'seq' | 'published'>): number;
  /**
   * Documents changed after `afterSeq` that the reader may see, oldest change first; for a reader
   * limited to some communities, also case studies once published and since withdrawn (the caller
   * tells the device to remove them).
   */
  docsAfter(afterSeq: number, reader: { allCommunities: boolean; communityIds: string[] }, limit: number): DocPage;

  /** Notes that the user sent the file's bytes (`size` of them), so holds the file. */
  recordBlobUpload(hash: string, userId: string, at: string, size: number): void;
  /** The bytes of the user's uploads after `since`, and when the first of them came. */
  uploadedSince(userId: string, since: string): { bytes: number; first: string | null };
  hasUploadedBlob(hash: string, userId: string): boolean;
  blobRefs(collection: Collection, docId: string): BlobRef[];
  /** Replaces the list of files the document lists. */
  setBlobRefs(collection: Collection, docId: string, refs: BlobRef[]): void;
  blobReferrers(hash: string): BlobReferrer[];

  getState(key: string): string | null;
  setState(key: string, value: string): void;
  close(): void;
}
