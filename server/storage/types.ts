import type { Position } from '../../src/core/model';
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
  /** What they do in local government: a circle they follow unless they stop. */
  position?: Position | null;
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
  /** The keys that may read it now (server/audience.ts). */
  audience: string[];
  /** The event a participant or follow-up action belongs to. */
  eventId: string | null;
  meta: WriteMeta;
}

/** Who wrote a field's value (a user id) and the stamp of the value their phone had seen before. */
export interface FieldWriter {
  by: string;
  base?: string;
  /**
   * Sent by a phone other than the one that stamped it: a record sent again after a restore by
   * someone who held it. The write from the stamping phone, when it comes, is put down to its sender.
   */
  relayed?: true;
}

/** The best-stamped value a field had that differs from its value now (sync-service.ts, conflicts). */
export interface LostValue {
  value: unknown;
  hlc: string;
  by: string;
}

/** What the server keeps about each field's writes beside the value; never sent as it is. */
export interface WriteMeta {
  writers?: Record<string, FieldWriter>;
  lost?: Record<string, LostValue>;
}

/** A document to store; its seq is given by the storage. */
export type DocToStore = Omit<StoredDoc, 'seq'>;

/** A stretch of the server's history (migration 005). */
export interface Epoch {
  id: string;
  firstSeq: number;
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
  audience: string[];
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
  updateUser(id: string, patch: { role?: Role; communityIds?: string[]; disabled?: boolean; position?: Position | null }): void;
  setPassword(id: string, passwordHash: string): void;
  userById(id: string): UserRecord | null;
  userByName(username: string): UserRecord | null;
  /** Everyone who may sign in (not disabled), by name: the help desk picks whom to ask from them. */
  listActiveUsers(): UserRecord[];

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
  /** Stores a document under the next seq, with its audience now; keys it had before stay as former. */
  putDoc(doc: DocToStore): number;
  /** The records that live under another (PARTS_OF): participants and actions of an event, answers and marks of a question. */
  partsOf(parentId: string): StoredDoc[];
  /** What a person follows or stopped following (their follow records), in no order. */
  followsOf(userId: string): { target: string; following: boolean }[];
  /** Every document of a collection that is not deleted (a few: the learning teams), in no order. */
  liveDocsOf(collection: Collection): StoredDoc[];
  /**
   * Documents changed after `afterSeq` whose audience has or had one of `keys` (every document for
   * EVERYTHING_KEY), oldest change first.
   */
  docsChangedAfter(afterSeq: number, keys: readonly string[], limit: number): DocPage;
  /**
   * Documents whose audience has `key` now (every document for EVERYTHING_KEY), with seq in
   * (afterSeq, uptoSeq]; `formerToo` adds those whose audience had it before.
   */
  docsUnderKey(key: string, afterSeq: number, uptoSeq: number, limit: number, options?: { formerToo?: boolean }): DocPage;
  /** The seq of the last document stored. */
  currentSeq(): number;
  /** Begins a new stretch of history at the next seq (at every start, and in a restored copy). */
  startEpoch(at: string, reason: string): void;
  /** Every stretch of history, oldest first. */
  epochs(): Epoch[];
  /** The audience keys a cursor's key-set hash stands for (server/cursor.ts), or null. */
  keySet(hash: string): string[] | null;
  rememberKeySet(hash: string, keys: readonly string[]): void;

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
