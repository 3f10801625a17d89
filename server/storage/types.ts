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

/**
 * What the server reads and writes, every call asynchronous (a PostgreSQL driver is). Inside a
 * transaction the work is given its own `StorageOps` (`tx`): its calls see the transaction's
 * writes, and nothing else reads them before it commits.
 */
export interface StorageOps {
  /**
   * In a transaction, takes the write lock now and holds it to the end: no other transaction
   * writes documents or checks-then-writes meanwhile, so what this one reads stays true until it
   * commits. Take it first in a transaction that checks before it writes. SQLite's transactions
   * hold it already (one writer); on PostgreSQL it is the counter row seqs come from
   * (docs/several-instances.md).
   */
  lockWrites(): Promise<void>;
  countUsers(): Promise<number>;
  createUser(user: UserRecord, createdAt: string): Promise<void>;
  updateUser(id: string, patch: { role?: Role; communityIds?: string[]; disabled?: boolean; position?: Position | null }): Promise<void>;
  setPassword(id: string, passwordHash: string): Promise<void>;
  userById(id: string): Promise<UserRecord | null>;
  userByName(username: string): Promise<UserRecord | null>;
  /** Everyone who may sign in (not disabled), by name: the help desk picks whom to ask from them. */
  listActiveUsers(): Promise<UserRecord[]>;

  createCommunity(community: CommunityRecord): Promise<void>;
  /** Renames a community or moves it to another rayon (the example communities, when their text changes). */
  updateCommunity(id: string, patch: { name: LocalizedName; rayonId: string | null }): Promise<void>;
  listCommunities(): Promise<CommunityRecord[]>;
  communityExists(id: string): Promise<boolean>;
  communityById(id: string): Promise<CommunityRecord | null>;

  createToken(token: TokenRecord & { tokenHash: string; deviceName: string; createdAt: string }): Promise<void>;
  tokenByHash(tokenHash: string): Promise<TokenRecord | null>;
  touchToken(id: string, at: string, expiresAt: string): Promise<void>;
  revokeToken(id: string, at: string): Promise<void>;
  revokeUserTokens(userId: string, at: string): Promise<void>;

  hasChange(id: string): Promise<boolean>;
  /** The stamp a stored change was applied with (the server may have bounded the phone's), or null. */
  appliedHlc(id: string): Promise<string | null>;
  recordChange(change: { id: string; clientId: string; userId: string; collection: Collection; docId: string; hlc: string; receivedAt: string }): Promise<void>;
  getDoc(collection: Collection, docId: string): Promise<StoredDoc | null>;
  /** Stores a document under the next seq, with its audience now; keys it had before stay as former. */
  putDoc(doc: DocToStore): Promise<number>;
  /** The records that live under another (PARTS_OF): participants and actions of an event, answers and marks of a question. */
  partsOf(parentId: string): Promise<StoredDoc[]>;
  /** What a person follows or stopped following (their follow records), in no order. */
  followsOf(userId: string): Promise<{ target: string; following: boolean }[]>;
  /** Every document of a collection that is not deleted (a few: the learning teams), in no order. */
  liveDocsOf(collection: Collection): Promise<StoredDoc[]>;
  /**
   * Documents changed after `afterSeq`, up to `uptoSeq`, whose audience has or had one of `keys`
   * (every document for EVERYTHING_KEY), oldest change first.
   */
  docsChangedAfter(afterSeq: number, uptoSeq: number, keys: readonly string[], limit: number): Promise<DocPage>;
  /**
   * Documents whose audience has `key` now (every document for EVERYTHING_KEY), with seq in
   * (afterSeq, uptoSeq]; `formerToo` adds those whose audience had it before.
   */
  docsUnderKey(key: string, afterSeq: number, uptoSeq: number, limit: number, options?: { formerToo?: boolean }): Promise<DocPage>;
  /** The seq of the last document stored. */
  currentSeq(): Promise<number>;
  /** Begins a new stretch of history at the next seq (at every start, and in a restored copy). */
  startEpoch(at: string, reason: string): Promise<void>;
  /** Every stretch of history, oldest first. */
  epochs(): Promise<Epoch[]>;
  /** The audience keys a cursor's key-set hash stands for (server/cursor.ts), or null. */
  keySet(hash: string): Promise<string[] | null>;
  rememberKeySet(hash: string, keys: readonly string[]): Promise<void>;

  /** Notes that the user sent the file's bytes (`size` of them), so holds the file. */
  recordBlobUpload(hash: string, userId: string, at: string, size: number): Promise<void>;
  /** The bytes of the user's uploads after `since`, and when the first of them came. */
  uploadedSince(userId: string, since: string): Promise<{ bytes: number; first: string | null }>;
  hasUploadedBlob(hash: string, userId: string): Promise<boolean>;
  blobRefs(collection: Collection, docId: string): Promise<BlobRef[]>;
  /** Replaces the list of files the document lists. */
  setBlobRefs(collection: Collection, docId: string, refs: BlobRef[]): Promise<void>;
  blobReferrers(hash: string): Promise<BlobReferrer[]>;

  /** Sign-in attempts under these keys since `since` (ms): pending ones and failures. */
  signInAttempts(keys: readonly string[], since: number): Promise<SignInAttempt[]>;
  /** Starts an attempt under each key, pending. */
  startSignInAttempt(attempt: string, keys: readonly string[], at: number): Promise<void>;
  /** Ends an attempt: a failure is kept (for the window), anything else forgotten. */
  endSignInAttempt(attempt: string, failed: boolean): Promise<void>;
  /** Forgets the failures under a key (a user name, after its right password). */
  forgetSignInFailures(key: string): Promise<void>;
  /** Removes attempts from before `before` (ms). */
  pruneSignInAttempts(before: number): Promise<void>;

  getState(key: string): Promise<string | null>;
  setState(key: string, value: string): Promise<void>;
  /** Sets the value unless the key has one; returns the value kept (several instances making a secret at once agree on one). */
  keepState(key: string, value: string): Promise<string>;
}

export interface SignInAttempt {
  key: string;
  at: number;
  state: 'pending' | 'failed';
}

export interface Storage extends StorageOps {
  /**
   * Runs `work` in one transaction that holds across its awaits: all of its writes land, or none.
   * `work` must use `tx`, never this storage (on SQLite that would wait for itself: refused).
   * SQLite runs one transaction at a time, and calls outside one wait for it.
   */
  transaction<T>(work: (tx: StorageOps) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
