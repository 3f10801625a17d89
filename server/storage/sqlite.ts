import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVERYTHING_KEY } from '../audience';
import { newEpochId } from '../cursor';
import { docColumns, toCommunity, toDoc, toUser, type DocRow, type UserRow } from './rows';
import type { BlobReferrer, DocPage, SignInAttempt, Storage, StorageOps, TokenRecord, UserRecord } from './types';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../migrations/sqlite');

/**
 * Applies the numbered migrations (server/migrations/sqlite/NNN_name.sql) not yet applied, in
 * order, and returns their names. All of it runs under the database's write lock (BEGIN IMMEDIATE):
 * several processes starting at once on one file apply each migration once, the others wait and
 * find nothing left. A migration that fails leaves none of this run applied.
 */
export function migrate(db: Database.Database): string[] {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}_.*\.sql$/.test(name))
    .sort();
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((db.prepare('SELECT name FROM migrations').all() as { name: string }[]).map((row) => row.name));
    const now = files.filter((file) => !applied.has(file));
    for (const file of now) {
      db.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(file, new Date().toISOString());
    }
    db.exec('COMMIT');
    return now;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Opens (creating if needed) the SQLite database file in WAL mode, waiting up to 5 s for another
 * process's write lock, with the migrations applied: what they applied is `applied`.
 */
export function openMigratedSqlite(file: string): { db: Database.Database; applied: string[] } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  try {
    return { db, applied: migrate(db) };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens (creating if needed) the SQLite database file, in WAL mode, with migrations applied. */
export function openSqliteStorage(file: string): Storage {
  const { db } = openMigratedSqlite(file);

  const communityIdsOf = db.prepare('SELECT community_id FROM user_communities WHERE user_id = ? ORDER BY community_id');
  const userOf = (row: UserRow | undefined): UserRecord | null =>
    row
      ? toUser(
          row,
          (communityIdsOf.all(row.id) as { community_id: string }[]).map((r) => r.community_id),
        )
      : null;

  const statements = {
    userById: db.prepare('SELECT * FROM users WHERE id = ?'),
    userByName: db.prepare('SELECT * FROM users WHERE username = ?'),
    insertUser: db.prepare(
      'INSERT INTO users (id, username, display_name, role, password_hash, disabled, created_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    setCommunities: db.prepare('INSERT INTO user_communities (user_id, community_id) VALUES (?, ?)'),
    clearCommunities: db.prepare('DELETE FROM user_communities WHERE user_id = ?'),
    insertCommunity: db.prepare('INSERT INTO communities (id, name_ky, name_ru, name_en, rayon_id, code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertToken: db.prepare('INSERT INTO tokens (id, user_id, token_hash, device_name, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    tokenByHash: db.prepare('SELECT id, user_id, expires_at, revoked_at FROM tokens WHERE token_hash = ?'),
    hasChange: db.prepare('SELECT 1 FROM changes WHERE id = ?'),
    changeHlc: db.prepare('SELECT hlc FROM changes WHERE id = ?'),
    insertChange: db.prepare('INSERT OR IGNORE INTO changes (id, client_id, user_id, collection, doc_id, hlc, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    getDoc: db.prepare('SELECT * FROM docs WHERE collection = ? AND doc_id = ?'),
    upsertDoc:
      db.prepare(`INSERT INTO docs (collection, doc_id, community_id, created_by, published, was_published, deleted, fields, versions, seq, audience, event_id, meta)
      VALUES (@collection, @docId, @communityId, @createdBy, @published, @published, @deleted, @fields, @versions, @seq, @audience, @eventId, @meta)
      ON CONFLICT (collection, doc_id) DO UPDATE SET community_id = excluded.community_id, created_by = excluded.created_by,
        published = excluded.published, was_published = MAX(docs.was_published, excluded.published), deleted = excluded.deleted,
        fields = excluded.fields, versions = excluded.versions, seq = excluded.seq, audience = excluded.audience,
        event_id = excluded.event_id, meta = excluded.meta`),
    retireAudience: db.prepare('UPDATE doc_audience SET current = 0, seq = ? WHERE collection = ? AND doc_id = ?'),
    putAudience: db.prepare(`INSERT INTO doc_audience (collection, doc_id, key, current, seq) VALUES (?, ?, ?, 1, ?)
      ON CONFLICT (collection, doc_id, key) DO UPDATE SET current = 1, seq = excluded.seq`),
    // Only parts (audience.ts PARTS_OF) have an event_id: the record they live under.
    partsOf: db.prepare('SELECT * FROM docs WHERE event_id = ? ORDER BY collection, doc_id'),
    liveDocsOf: db.prepare('SELECT * FROM docs WHERE collection = ? AND deleted = 0'),
    followsOf: db.prepare("SELECT fields FROM docs WHERE collection = 'follows' AND created_by = ? AND deleted = 0"),
    allChangedAfter: db.prepare('SELECT * FROM docs WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
    allBetween: db.prepare('SELECT * FROM docs WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
    underKeyBetween: db.prepare(`SELECT docs.* FROM doc_audience a JOIN docs ON docs.collection = a.collection AND docs.doc_id = a.doc_id
      WHERE a.key = ? AND a.current >= ? AND a.seq > ? AND a.seq <= ? ORDER BY a.seq LIMIT ?`),
    insertEpoch: db.prepare('INSERT INTO epochs (id, first_seq, started_at, reason) VALUES (?, ?, ?, ?)'),
    epochs: db.prepare('SELECT id, first_seq FROM epochs ORDER BY position'),
    keySet: db.prepare('SELECT keys FROM key_sets WHERE hash = ?'),
    insertKeySet: db.prepare('INSERT OR IGNORE INTO key_sets (hash, keys) VALUES (?, ?)'),
    insertUpload: db.prepare('INSERT OR IGNORE INTO blob_uploads (hash, user_id, uploaded_at, size) VALUES (?, ?, ?, ?)'),
    uploadedSince: db.prepare('SELECT COALESCE(SUM(size), 0) AS bytes, MIN(uploaded_at) AS first FROM blob_uploads WHERE user_id = ? AND uploaded_at > ?'),
    hasUpload: db.prepare('SELECT 1 FROM blob_uploads WHERE hash = ? AND user_id = ?'),
    blobRefs: db.prepare('SELECT hash, added_by, vouched FROM blob_refs WHERE collection = ? AND doc_id = ? ORDER BY hash'),
    clearBlobRefs: db.prepare('DELETE FROM blob_refs WHERE collection = ? AND doc_id = ?'),
    insertBlobRef: db.prepare('INSERT OR IGNORE INTO blob_refs (collection, doc_id, hash, added_by, vouched) VALUES (?, ?, ?, ?, ?)'),
    blobReferrers: db.prepare(`SELECT docs.audience, blob_refs.vouched,
        EXISTS (SELECT 1 FROM blob_uploads WHERE blob_uploads.hash = blob_refs.hash AND blob_uploads.user_id = blob_refs.added_by) AS added_by_uploaded
      FROM blob_refs JOIN docs ON docs.collection = blob_refs.collection AND docs.doc_id = blob_refs.doc_id
      WHERE blob_refs.hash = ? AND docs.deleted = 0`),
    signInAttempts: db.prepare('SELECT key, at, state FROM sign_in_attempts WHERE key IN (SELECT value FROM json_each(?)) AND at > ? ORDER BY at'),
    startSignInAttempt: db.prepare("INSERT OR IGNORE INTO sign_in_attempts (attempt, key, at, state) VALUES (?, ?, ?, 'pending')"),
    failSignInAttempt: db.prepare("UPDATE sign_in_attempts SET state = 'failed' WHERE attempt = ?"),
    dropSignInAttempt: db.prepare('DELETE FROM sign_in_attempts WHERE attempt = ?'),
    forgetSignInFailures: db.prepare("DELETE FROM sign_in_attempts WHERE key = ? AND state = 'failed'"),
    pruneSignInAttempts: db.prepare('DELETE FROM sign_in_attempts WHERE at < ?'),
    getState: db.prepare('SELECT value FROM server_state WHERE key = ?'),
    setState: db.prepare('INSERT INTO server_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };

  const currentSeq = () => Number((statements.getState.get('seq') as { value: string } | undefined)?.value ?? '0');
  const nextSeq = () => {
    const next = currentSeq() + 1;
    statements.setState.run('seq', String(next));
    return next;
  };
  // Documents changed in a range under any of the reader's keys, from the keys (index key, seq),
  // never from every document changed in the range: a phone a morning behind would otherwise walk
  // the whole country's changes on each pull. Each key gives its first `limit` in seq order (an
  // ordered index range); the first `limit` of those together are the answer. Every audience row
  // of a document, former keys too, carries the document's seq (putDoc). One statement per number
  // of keys (a reader has a handful).
  const changedAfterStatements = new Map<number, Database.Statement>();
  const changedAfter = (keyCount: number): Database.Statement => {
    let statement = changedAfterStatements.get(keyCount);
    if (!statement) {
      const underEach = Array.from(
        { length: keyCount },
        () => 'SELECT * FROM (SELECT collection, doc_id, seq FROM doc_audience WHERE key = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?)',
      ).join(' UNION ALL ');
      statement = db.prepare(`SELECT docs.* FROM (SELECT DISTINCT collection, doc_id, seq FROM (${underEach}) ORDER BY seq LIMIT ?) changed
        JOIN docs ON docs.collection = changed.collection AND docs.doc_id = changed.doc_id ORDER BY docs.seq`);
      changedAfterStatements.set(keyCount, statement);
    }
    return statement;
  };
  const page = (rows: DocRow[], limit: number): DocPage => ({ docs: rows.slice(0, limit).map(toDoc), more: rows.length > limit });

  const ops: SyncOps = {
    // A transaction here is BEGIN IMMEDIATE: it holds the database's one write lock from its start.
    lockWrites: () => undefined,
    countUsers: () => (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n,
    createUser: (user, createdAt) =>
      db.transaction(() => {
        statements.insertUser.run(
          user.id,
          user.username,
          user.displayName,
          user.role,
          user.passwordHash,
          user.disabled ? 1 : 0,
          createdAt,
          user.position ?? null,
        );
        for (const communityId of user.communityIds) statements.setCommunities.run(user.id, communityId);
      })(),
    updateUser: (id, patch) =>
      db.transaction(() => {
        if (patch.role !== undefined) db.prepare('UPDATE users SET role = ? WHERE id = ?').run(patch.role, id);
        if (patch.disabled !== undefined) db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(patch.disabled ? 1 : 0, id);
        if (patch.position !== undefined) db.prepare('UPDATE users SET position = ? WHERE id = ?').run(patch.position, id);
        if (patch.communityIds !== undefined) {
          statements.clearCommunities.run(id);
          for (const communityId of patch.communityIds) statements.setCommunities.run(id, communityId);
        }
      })(),
    setPassword: (id, passwordHash) => db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id),
    userById: (id) => userOf(statements.userById.get(id) as UserRow | undefined),
    userByName: (username) => userOf(statements.userByName.get(username) as UserRow | undefined),
    listActiveUsers: () => (db.prepare('SELECT * FROM users WHERE disabled = 0 ORDER BY display_name, id').all() as UserRow[]).map((row) => userOf(row)!),
    createCommunity: (c) => statements.insertCommunity.run(c.id, c.name.ky, c.name.ru, c.name.en, c.rayonId, c.code, c.createdAt),
    updateCommunity: (id, patch) =>
      db
        .prepare('UPDATE communities SET name_ky = ?, name_ru = ?, name_en = ?, rayon_id = ? WHERE id = ?')
        .run(patch.name.ky, patch.name.ru, patch.name.en, patch.rayonId, id),
    listCommunities: () => (db.prepare('SELECT * FROM communities ORDER BY name_ky, id').all() as Record<string, unknown>[]).map(toCommunity),
    communityExists: (id) => db.prepare('SELECT 1 FROM communities WHERE id = ?').get(id) !== undefined,
    communityById: (id) => {
      const row = db.prepare('SELECT * FROM communities WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      return row ? toCommunity(row) : null;
    },
    createToken: (t) => statements.insertToken.run(t.id, t.userId, t.tokenHash, t.deviceName, t.createdAt, t.createdAt, t.expiresAt),
    tokenByHash: (hash) => {
      const row = statements.tokenByHash.get(hash) as { id: string; user_id: string; expires_at: string; revoked_at: string | null } | undefined;
      return row ? ({ id: row.id, userId: row.user_id, expiresAt: row.expires_at, revokedAt: row.revoked_at } satisfies TokenRecord) : null;
    },
    touchToken: (id, at, expiresAt) => db.prepare('UPDATE tokens SET last_used_at = ?, expires_at = ? WHERE id = ?').run(at, expiresAt, id),
    revokeToken: (id, at) => db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id),
    revokeUserTokens: (userId, at) => db.prepare('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId),
    hasChange: (id) => statements.hasChange.get(id) !== undefined,
    appliedHlc: (id) => (statements.changeHlc.get(id) as { hlc: string } | undefined)?.hlc ?? null,
    recordChange: (c) => statements.insertChange.run(c.id, c.clientId, c.userId, c.collection, c.docId, c.hlc, c.receivedAt),
    getDoc: (collection, docId) => {
      const row = statements.getDoc.get(collection, docId) as DocRow | undefined;
      return row ? toDoc(row) : null;
    },
    putDoc: (doc) =>
      db.transaction(() => {
        const seq = nextSeq();
        const columns = docColumns(doc);
        statements.upsertDoc.run({
          collection: doc.collection,
          docId: doc.docId,
          communityId: doc.communityId,
          createdBy: doc.createdBy,
          published: columns.published ? 1 : 0,
          deleted: doc.deleted ? 1 : 0,
          fields: columns.fields,
          versions: columns.versions,
          seq,
          audience: JSON.stringify(columns.audience),
          eventId: doc.eventId,
          meta: columns.meta,
        });
        statements.retireAudience.run(seq, doc.collection, doc.docId);
        for (const key of columns.audience) statements.putAudience.run(doc.collection, doc.docId, key, seq);
        return seq;
      })(),
    partsOf: (parentId) => (statements.partsOf.all(parentId) as DocRow[]).map(toDoc),
    liveDocsOf: (collection) => (statements.liveDocsOf.all(collection) as DocRow[]).map(toDoc),
    followsOf: (userId) =>
      (statements.followsOf.all(userId) as { fields: string }[]).map((row) => {
        const fields = JSON.parse(row.fields) as { target?: unknown; following?: unknown };
        return { target: String(fields.target), following: fields.following === true };
      }),
    docsChangedAfter: (afterSeq, uptoSeq, keys, limit) =>
      page(
        (keys.includes(EVERYTHING_KEY)
          ? statements.allChangedAfter.all(afterSeq, uptoSeq, limit + 1)
          : keys.length === 0
            ? []
            : changedAfter(keys.length).all(...keys.flatMap((key) => [key, afterSeq, uptoSeq, limit + 1]), limit + 1)) as DocRow[],
        limit,
      ),
    docsUnderKey: (key, afterSeq, uptoSeq, limit, options = {}) =>
      page(
        (key === EVERYTHING_KEY
          ? statements.allBetween.all(afterSeq, uptoSeq, limit + 1)
          : statements.underKeyBetween.all(key, options.formerToo ? 0 : 1, afterSeq, uptoSeq, limit + 1)) as DocRow[],
        limit,
      ),
    currentSeq,
    startEpoch: (at, reason) => statements.insertEpoch.run(newEpochId(), currentSeq() + 1, at, reason),
    keySet: (hash) => {
      const row = statements.keySet.get(hash) as { keys: string } | undefined;
      return row ? (JSON.parse(row.keys) as string[]) : null;
    },
    rememberKeySet: (hash, keys) => statements.insertKeySet.run(hash, JSON.stringify(keys)),
    epochs: () => (statements.epochs.all() as { id: string; first_seq: number }[]).map((row) => ({ id: row.id, firstSeq: row.first_seq })),
    recordBlobUpload: (hash, userId, at, size) => statements.insertUpload.run(hash, userId, at, size),
    uploadedSince: (userId, since) => statements.uploadedSince.get(userId, since) as { bytes: number; first: string | null },
    hasUploadedBlob: (hash, userId) => statements.hasUpload.get(hash, userId) !== undefined,
    blobRefs: (collection, docId) =>
      (statements.blobRefs.all(collection, docId) as { hash: string; added_by: string; vouched: number }[]).map((row) => ({
        hash: row.hash,
        addedBy: row.added_by,
        vouched: row.vouched === 1,
      })),
    setBlobRefs: (collection, docId, refs) =>
      db.transaction(() => {
        statements.clearBlobRefs.run(collection, docId);
        for (const ref of refs) statements.insertBlobRef.run(collection, docId, ref.hash, ref.addedBy, ref.vouched ? 1 : 0);
      })(),
    blobReferrers: (hash) =>
      (statements.blobReferrers.all(hash) as { audience: string; vouched: number; added_by_uploaded: number }[]).map((row): BlobReferrer => ({
        audience: JSON.parse(row.audience) as string[],
        vouched: row.vouched === 1,
        addedByUploaded: row.added_by_uploaded === 1,
      })),
    signInAttempts: (keys, since) => statements.signInAttempts.all(JSON.stringify(keys), since) as SignInAttempt[],
    startSignInAttempt: (attempt, keys, at) =>
      db.transaction(() => {
        for (const key of keys) statements.startSignInAttempt.run(attempt, key, at);
      })(),
    endSignInAttempt: (attempt, failed) => (failed ? statements.failSignInAttempt : statements.dropSignInAttempt).run(attempt),
    forgetSignInFailures: (key) => statements.forgetSignInFailures.run(key),
    pruneSignInAttempts: (before) => statements.pruneSignInAttempts.run(before),
    getState: (key) => (statements.getState.get(key) as { value: string } | undefined)?.value ?? null,
    setState: (key, value) => statements.setState.run(key, value),
    keepState: (key, value) => {
      db.prepare('INSERT OR IGNORE INTO server_state (key, value) VALUES (?, ?)').run(key, value);
      return (statements.getState.get(key) as { value: string }).value;
    },
  };
  return asyncStorage(db, ops);
}

/** The storage calls as better-sqlite3 makes them: synchronous. */
type SyncOps = { [K in keyof StorageOps]: (...args: Parameters<StorageOps[K]>) => Awaited<ReturnType<StorageOps[K]>> | void };

/** Set while a transaction's work runs: a call on the storage itself there would wait for itself. */
const insideTransaction = new AsyncLocalStorage<true>();

/**
 * The Storage over one connection: a transaction holds across the awaits of its work, so it runs
 * alone (BEGIN IMMEDIATE … COMMIT), and a call outside it waits until it ends; otherwise another
 * request could read what it has not committed, or write into it. Nested writes (putDoc) use
 * better-sqlite3's savepoints inside it.
 */
function asyncStorage(db: Database.Database, ops: SyncOps): Storage {
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(run: () => T | Promise<T>): Promise<T> => {
    if (insideTransaction.getStore()) return Promise.reject(new Error('A storage call inside a transaction must use its tx.'));
    const result = tail.then(run);
    tail = result.catch(() => undefined);
    return result;
  };
  const bind = (gate: <T>(run: () => T) => Promise<T>) =>
    Object.fromEntries(
      Object.entries(ops).map(([name, call]) => [name, (...args: unknown[]) => gate(() => (call as (...a: unknown[]) => unknown)(...args))]),
    ) as unknown as StorageOps;
  const tx = bind(async (run) => run());
  return {
    ...bind(exclusive),
    transaction: (work) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await insideTransaction.run(true, () => work(tx));
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => exclusive(() => void db.close()),
  };
}
