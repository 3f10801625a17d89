import { AsyncLocalStorage } from 'node:async_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { EVERYTHING_KEY } from '../audience';
import { newEpochId } from '../cursor';
import { docColumns, toCommunity, toDoc, toUser, type DocRow, type UserRow } from './rows';
import type { BlobReferrer, DocPage, DocToStore, SignInAttempt, Storage, StorageOps, UserRecord } from './types';

// The storage on PostgreSQL, for several server instances over one database (docs/several-instances.md).
// Loaded only when ASHAR_DATABASE_URL is set, with the driver (`pg`) it needs.
//
// Transactions run at READ COMMITTED. One lock orders every write that checks before it writes:
// the counter row `server_state.seq`, taken first (lockWrites) by a transaction that will write
// documents or check-then-write anything else, and held to its commit. Seqs are taken from that
// row, so seq order is commit order: a pull that has read up to a seq has seen every document at
// or below it, and never misses one committed later with a lower seq. Pulls never take the lock.

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../migrations/postgres');
/** pg_advisory_xact_lock's key for migrations: any number no other user of the database takes. */
const MIGRATION_LOCK = 7_317_004_111;

interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

interface PgUserRow extends UserRow {
  community_ids: string[] | null;
}

const toPgUser = (row: PgUserRow | undefined): UserRecord | null => (row ? toUser(row, [...(row.community_ids ?? [])].sort()) : null);

const USER_SELECT = `SELECT users.*, ARRAY(SELECT community_id FROM user_communities WHERE user_id = users.id ORDER BY community_id) AS community_ids FROM users`;

/**
 * Applies the numbered migrations (server/migrations/postgres/NNN_name.sql) not yet applied, in
 * order, in one transaction under an advisory lock: several instances starting at once apply each
 * once; the others wait and find nothing left. Returns the names applied.
 */
export async function migratePostgres(pool: Pool): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}_.*\.sql$/.test(name))
    .sort();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((await client.query<{ name: string }>('SELECT name FROM migrations')).rows.map((row) => row.name));
    const now = files.filter((file) => !applied.has(file));
    for (const file of now) {
      await client.query(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      await client.query('INSERT INTO migrations (name, applied_at) VALUES ($1, $2)', [file, new Date().toISOString()]);
    }
    await client.query('COMMIT');
    return now;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A pool of connections to the database at `url` (the driver is loaded now). */
export async function openPostgresPool(url: string, max = 10): Promise<Pool> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max });
  // A connection the database closes while idle (a restart, a failover) is dropped from the pool;
  // without a listener the process would stop.
  pool.on('error', () => undefined);
  return pool;
}

/** Opens the PostgreSQL database at `url` with the migrations applied: what they applied is `applied`. */
export async function openPostgresStorage(url: string, options: { poolSize?: number } = {}): Promise<Storage & { applied: string[] }> {
  const pool = await openPostgresPool(url, options.poolSize);
  let applied: string[];
  try {
    applied = await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { ...postgresStorage(pool), applied };
}

/** Set while a transaction's work runs: a call on the storage itself there would read around it. */
const insideTransaction = new AsyncLocalStorage<true>();

function postgresStorage(pool: Pool): Storage {
  const outside = (): void => {
    if (insideTransaction.getStore()) throw new Error('A storage call inside a transaction must use its tx.');
  };
  const transaction = async <T>(work: (tx: StorageOps) => Promise<T>): Promise<T> => {
    outside();
    const client: PoolClient = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await insideTransaction.run(true, () => work(opsOn(client, true)));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const topLevel = opsOn(pool, false, transaction);
  const guarded = Object.fromEntries(
    Object.entries(topLevel).map(([name, call]) => [
      name,
      async (...args: unknown[]) => {
        outside();
        return (call as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as StorageOps;
  return { ...guarded, transaction, close: () => pool.end() };
}

/**
 * The storage calls over a connection: `inTransaction` when it is a transaction's own; otherwise
 * (the pool) a call of several statements runs in a transaction of its own.
 */
function opsOn(db: Queryable, inTransaction: boolean, transaction?: <T>(work: (tx: StorageOps) => Promise<T>) => Promise<T>): StorageOps {
  const rows = async <R extends QueryResultRow>(text: string, values: unknown[] = []) => (await db.query<R>(text, values)).rows;
  const one = async <R extends QueryResultRow>(text: string, values: unknown[] = []) => (await rows<R>(text, values))[0];
  const run = async (text: string, values: unknown[] = []) => void (await db.query(text, values));
  /** Several statements, all or none. */
  const atomically = <T>(work: (tx: StorageOps) => Promise<T>): Promise<T> => (inTransaction ? work(ops) : transaction!(work));
  const currentSeq = async () => Number((await one<{ value: string }>("SELECT value FROM server_state WHERE key = 'seq'"))?.value ?? '0');
  const page = (found: DocRow[], limit: number): DocPage => ({ docs: found.slice(0, limit).map(toDoc), more: found.length > limit });

  const ops: StorageOps = {
    lockWrites: async () => {
      if (!inTransaction) throw new Error('lockWrites is for a transaction.');
      await run("SELECT value FROM server_state WHERE key = 'seq' FOR UPDATE");
    },
    countUsers: async () => Number((await one<{ n: string }>('SELECT COUNT(*) AS n FROM users'))!.n),
    createUser: (user, createdAt) =>
      atomically(async () => {
        await run(
          'INSERT INTO users (id, username, display_name, role, password_hash, disabled, created_at, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [user.id, user.username, user.displayName, user.role, user.passwordHash, user.disabled, createdAt, user.position ?? null],
        );
        for (const communityId of user.communityIds) await run('INSERT INTO user_communities (user_id, community_id) VALUES ($1, $2)', [user.id, communityId]);
      }),
    updateUser: (id, patch) =>
      atomically(async () => {
        if (patch.role !== undefined) await run('UPDATE users SET role = $1 WHERE id = $2', [patch.role, id]);
        if (patch.disabled !== undefined) await run('UPDATE users SET disabled = $1 WHERE id = $2', [patch.disabled, id]);
        if (patch.position !== undefined) await run('UPDATE users SET position = $1 WHERE id = $2', [patch.position, id]);
        if (patch.communityIds !== undefined) {
          await run('DELETE FROM user_communities WHERE user_id = $1', [id]);
          for (const communityId of patch.communityIds) await run('INSERT INTO user_communities (user_id, community_id) VALUES ($1, $2)', [id, communityId]);
        }
      }),
    setPassword: (id, passwordHash) => run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id]),
    userById: async (id) => toPgUser(await one<PgUserRow>(`${USER_SELECT} WHERE id = $1`, [id])),
    userByName: async (username) => toPgUser(await one<PgUserRow>(`${USER_SELECT} WHERE lower(username) = lower($1)`, [username])),
    listActiveUsers: async () =>
      (await rows<PgUserRow>(`${USER_SELECT} WHERE NOT disabled ORDER BY display_name COLLATE "C", id COLLATE "C"`)).map((row) => toPgUser(row)!),
    createCommunity: (c) =>
      run('INSERT INTO communities (id, name_ky, name_ru, name_en, rayon_id, code, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        c.id,
        c.name.ky,
        c.name.ru,
        c.name.en,
        c.rayonId,
        c.code,
        c.createdAt,
      ]),
    updateCommunity: (id, patch) =>
      run('UPDATE communities SET name_ky = $1, name_ru = $2, name_en = $3, rayon_id = $4 WHERE id = $5', [
        patch.name.ky,
        patch.name.ru,
        patch.name.en,
        patch.rayonId,
        id,
      ]),
    // Ordered as SQLite orders text (by code point), so both backends list alike.
    listCommunities: async () =>
      (await rows<Record<string, string | null>>('SELECT * FROM communities ORDER BY name_ky COLLATE "C", id COLLATE "C"')).map(toCommunity),
    communityExists: async (id) => (await one('SELECT 1 FROM communities WHERE id = $1', [id])) !== undefined,
    communityById: async (id) => {
      const row = await one<Record<string, string | null>>('SELECT * FROM communities WHERE id = $1', [id]);
      return row ? toCommunity(row) : null;
    },
    createToken: (t) =>
      run('INSERT INTO tokens (id, user_id, token_hash, device_name, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)', [
        t.id,
        t.userId,
        t.tokenHash,
        t.deviceName,
        t.createdAt,
        t.expiresAt,
      ]),
    tokenByHash: async (hash) => {
      const row = await one<{ id: string; user_id: string; expires_at: string; revoked_at: string | null }>(
        'SELECT id, user_id, expires_at, revoked_at FROM tokens WHERE token_hash = $1',
        [hash],
      );
      return row ? { id: row.id, userId: row.user_id, expiresAt: row.expires_at, revokedAt: row.revoked_at } : null;
    },
    touchToken: (id, at, expiresAt) => run('UPDATE tokens SET last_used_at = $1, expires_at = $2 WHERE id = $3', [at, expiresAt, id]),
    revokeToken: (id, at) => run('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]),
    revokeUserTokens: (userId, at) => run('UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, userId]),
    hasChange: async (id) => (await one('SELECT 1 FROM changes WHERE id = $1', [id])) !== undefined,
    appliedHlc: async (id) => (await one<{ hlc: string }>('SELECT hlc FROM changes WHERE id = $1', [id]))?.hlc ?? null,
    recordChange: (c) =>
      run(
        'INSERT INTO changes (id, client_id, user_id, collection, doc_id, hlc, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING',
        [c.id, c.clientId, c.userId, c.collection, c.docId, c.hlc, c.receivedAt],
      ),
    getDoc: async (collection, docId) => {
      const row = await one<DocRow>('SELECT * FROM docs WHERE collection = $1 AND doc_id = $2', [collection, docId]);
      return row ? toDoc(row) : null;
    },
    putDoc: (doc) => atomically(() => putDoc(db, doc)),
    partsOf: async (parentId) =>
      (await rows<DocRow>('SELECT * FROM docs WHERE event_id = $1 ORDER BY collection COLLATE "C", doc_id COLLATE "C"', [parentId])).map(toDoc),
    liveDocsOf: async (collection) => (await rows<DocRow>('SELECT * FROM docs WHERE collection = $1 AND NOT deleted', [collection])).map(toDoc),
    followsOf: async (userId) =>
      (await rows<{ fields: string }>("SELECT fields FROM docs WHERE collection = 'follows' AND created_by = $1 AND NOT deleted", [userId])).map((row) => {
        const fields = JSON.parse(row.fields) as { target?: unknown; following?: unknown };
        return { target: String(fields.target), following: fields.following === true };
      }),
    docsChangedAfter: async (afterSeq, uptoSeq, keys, limit) =>
      page(
        keys.includes(EVERYTHING_KEY)
          ? await rows<DocRow>('SELECT * FROM docs WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3', [afterSeq, uptoSeq, limit + 1])
          : await rows<DocRow>(
              // From the reader's keys, each an ordered index range (storage/sqlite.ts says why).
              `SELECT docs.* FROM (
                 SELECT DISTINCT under.collection, under.doc_id, under.seq FROM unnest($3::text[]) AS reader(key)
                 CROSS JOIN LATERAL (
                   SELECT a.collection, a.doc_id, a.seq FROM doc_audience a WHERE a.key = reader.key AND a.seq > $1 AND a.seq <= $2 ORDER BY a.seq LIMIT $4
                 ) under
                 ORDER BY under.seq LIMIT $4
               ) changed JOIN docs ON docs.collection = changed.collection AND docs.doc_id = changed.doc_id ORDER BY docs.seq`,
              [afterSeq, uptoSeq, [...keys], limit + 1],
            ),
        limit,
      ),
    docsUnderKey: async (key, afterSeq, uptoSeq, limit, options = {}) =>
      page(
        key === EVERYTHING_KEY
          ? await rows<DocRow>('SELECT * FROM docs WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3', [afterSeq, uptoSeq, limit + 1])
          : await rows<DocRow>(
              `SELECT docs.* FROM doc_audience a JOIN docs ON docs.collection = a.collection AND docs.doc_id = a.doc_id
               WHERE a.key = $1 AND (a.current OR $2) AND a.seq > $3 AND a.seq <= $4 ORDER BY a.seq LIMIT $5`,
              [key, options.formerToo ?? false, afterSeq, uptoSeq, limit + 1],
            ),
        limit,
      ),
    currentSeq,
    // Under the write lock: an epoch begins after every seq taken so far, committed or not.
    startEpoch: (at, reason) =>
      atomically(async (tx) => {
        await tx.lockWrites();
        await run('INSERT INTO epochs (id, first_seq, started_at, reason) VALUES ($1, $2, $3, $4)', [newEpochId(), (await currentSeq()) + 1, at, reason]);
      }),
    epochs: async () =>
      (await rows<{ id: string; first_seq: string }>('SELECT id, first_seq FROM epochs ORDER BY position')).map((row) => ({
        id: row.id,
        firstSeq: Number(row.first_seq),
      })),
    keySet: async (hash) => {
      const row = await one<{ keys: string }>('SELECT keys FROM key_sets WHERE hash = $1', [hash]);
      return row ? (JSON.parse(row.keys) as string[]) : null;
    },
    rememberKeySet: (hash, keys) => run('INSERT INTO key_sets (hash, keys) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [hash, JSON.stringify(keys)]),
    recordBlobUpload: (hash, userId, at, size) =>
      run('INSERT INTO blob_uploads (hash, user_id, uploaded_at, size) VALUES ($1, $2, $3, $4) ON CONFLICT (hash, user_id) DO NOTHING', [
        hash,
        userId,
        at,
        size,
      ]),
    uploadedSince: async (userId, since) => {
      const row = (await one<{ bytes: string; first: string | null }>(
        'SELECT COALESCE(SUM(size), 0) AS bytes, MIN(uploaded_at) AS first FROM blob_uploads WHERE user_id = $1 AND uploaded_at > $2',
        [userId, since],
      ))!;
      return { bytes: Number(row.bytes), first: row.first };
    },
    hasUploadedBlob: async (hash, userId) => (await one('SELECT 1 FROM blob_uploads WHERE hash = $1 AND user_id = $2', [hash, userId])) !== undefined,
    blobRefs: async (collection, docId) =>
      (
        await rows<{ hash: string; added_by: string; vouched: boolean }>(
          'SELECT hash, added_by, vouched FROM blob_refs WHERE collection = $1 AND doc_id = $2 ORDER BY hash COLLATE "C"',
          [collection, docId],
        )
      ).map((row) => ({ hash: row.hash, addedBy: row.added_by, vouched: row.vouched })),
    setBlobRefs: (collection, docId, refs) =>
      atomically(async () => {
        await run('DELETE FROM blob_refs WHERE collection = $1 AND doc_id = $2', [collection, docId]);
        for (const ref of refs)
          await run('INSERT INTO blob_refs (collection, doc_id, hash, added_by, vouched) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
            collection,
            docId,
            ref.hash,
            ref.addedBy,
            ref.vouched,
          ]);
      }),
    blobReferrers: async (hash) =>
      (
        await rows<{ audience: string; vouched: boolean; added_by_uploaded: boolean }>(
          `SELECT docs.audience, blob_refs.vouched,
             EXISTS (SELECT 1 FROM blob_uploads WHERE blob_uploads.hash = blob_refs.hash AND blob_uploads.user_id = blob_refs.added_by) AS added_by_uploaded
           FROM blob_refs JOIN docs ON docs.collection = blob_refs.collection AND docs.doc_id = blob_refs.doc_id
           WHERE blob_refs.hash = $1 AND NOT docs.deleted`,
          [hash],
        )
      ).map((row): BlobReferrer => ({ audience: JSON.parse(row.audience) as string[], vouched: row.vouched, addedByUploaded: row.added_by_uploaded })),
    signInAttempts: async (keys, since) =>
      (
        await rows<{ key: string; at: string; state: SignInAttempt['state'] }>(
          'SELECT key, at, state FROM sign_in_attempts WHERE key = ANY($1::text[]) AND at > $2 ORDER BY at',
          [[...keys], since],
        )
      ).map((row) => ({ key: row.key, at: Number(row.at), state: row.state })),
    startSignInAttempt: (attempt, keys, at) =>
      atomically(async () => {
        for (const key of keys)
          await run("INSERT INTO sign_in_attempts (attempt, key, at, state) VALUES ($1, $2, $3, 'pending') ON CONFLICT DO NOTHING", [attempt, key, at]);
      }),
    endSignInAttempt: (attempt, failed) =>
      failed
        ? run("UPDATE sign_in_attempts SET state = 'failed' WHERE attempt = $1", [attempt])
        : run('DELETE FROM sign_in_attempts WHERE attempt = $1', [attempt]),
    forgetSignInFailures: (key) => run("DELETE FROM sign_in_attempts WHERE key = $1 AND state = 'failed'", [key]),
    pruneSignInAttempts: (before) => run('DELETE FROM sign_in_attempts WHERE at < $1', [before]),
    getState: async (key) => (await one<{ value: string }>('SELECT value FROM server_state WHERE key = $1', [key]))?.value ?? null,
    setState: (key, value) => run('INSERT INTO server_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]),
    keepState: async (key, value) => {
      await run('INSERT INTO server_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      return (await one<{ value: string }>('SELECT value FROM server_state WHERE key = $1', [key]))!.value;
    },
  };
  return ops;
}

/**
 * Stores a document under the next seq, taken from the counter row (its lock is held to commit:
 * no other transaction takes a seq before this one commits), with its audience now.
 */
async function putDoc(db: Queryable, doc: DocToStore): Promise<number> {
  const seq = Number(
    (await db.query<{ value: string }>("UPDATE server_state SET value = (value::bigint + 1)::text WHERE key = 'seq' RETURNING value")).rows[0]!.value,
  );
  const columns = docColumns(doc);
  await db.query(
    `INSERT INTO docs (collection, doc_id, community_id, created_by, published, was_published, deleted, fields, versions, seq, audience, event_id, meta)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (collection, doc_id) DO UPDATE SET community_id = excluded.community_id, created_by = excluded.created_by,
       published = excluded.published, was_published = docs.was_published OR excluded.published, deleted = excluded.deleted,
       fields = excluded.fields, versions = excluded.versions, seq = excluded.seq, audience = excluded.audience,
       event_id = excluded.event_id, meta = excluded.meta`,
    [
      doc.collection,
      doc.docId,
      doc.communityId,
      doc.createdBy,
      columns.published,
      doc.deleted,
      columns.fields,
      columns.versions,
      seq,
      JSON.stringify(columns.audience),
      doc.eventId,
      columns.meta,
    ],
  );
  await db.query('UPDATE doc_audience SET current = FALSE, seq = $1 WHERE collection = $2 AND doc_id = $3', [seq, doc.collection, doc.docId]);
  for (const key of columns.audience)
    await db.query(
      `INSERT INTO doc_audience (collection, doc_id, key, current, seq) VALUES ($1, $2, $3, TRUE, $4)
       ON CONFLICT (collection, doc_id, key) DO UPDATE SET current = TRUE, seq = excluded.seq`,
      [doc.collection, doc.docId, key, seq],
    );
  return seq;
}
