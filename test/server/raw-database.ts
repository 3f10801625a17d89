import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openPostgresPool } from '../../server/storage/postgres';
import { BACKEND, postgresUrl } from './test-storage';
import { readFileSync } from 'node:fs';

// A second connection to a test server's database, for what a test checks or does behind the
// server's back (the rows a request must not have changed; a user deleted by hand). SQL is written
// once with `?` for parameters; on PostgreSQL they become $1, $2…

export interface RawDatabase {
  all(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export async function openRawDatabase(dataDir: string, options: { readonly?: boolean } = {}): Promise<RawDatabase> {
  if (BACKEND === 'sqlite') {
    const db = new Database(join(dataDir, 'ashar.sqlite'), { readonly: options.readonly ?? false });
    return {
      all: async (sql, params = []) => db.prepare(sql).all(...params) as Record<string, unknown>[],
      run: async (sql, params = []) => {
        db.prepare(sql).run(...params);
      },
      close: async () => {
        db.close();
      },
    };
  }
  const pool = await openPostgresPool(postgresUrl(readFileSync(join(dataDir, 'postgres-database'), 'utf8')), 1);
  let n = 0;
  const numbered = (sql: string) => sql.replace(/\?/g, () => `$${(n += 1)}`);
  const query = async (sql: string, params: unknown[]) => {
    n = 0;
    return (await pool.query(numbered(sql), params)).rows as Record<string, unknown>[];
  };
  return {
    all: (sql, params = []) => query(sql, params),
    run: async (sql, params = []) => void (await query(sql, params)),
    close: () => pool.end(),
  };
}

/** Turns off foreign-key checks on this connection (an operator's hand edit may leave rows behind). */
export async function withoutForeignKeys(db: RawDatabase): Promise<void> {
  await db.run(BACKEND === 'sqlite' ? 'PRAGMA foreign_keys = OFF' : 'SET session_replication_role = replica');
}
