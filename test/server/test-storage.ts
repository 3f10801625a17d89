import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../server/database-copy';
import { openPostgresPool, openPostgresStorage } from '../../server/storage/postgres';
import { openSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { postgresBin } from '../postgres/cluster';

// The database a server test runs on: a SQLite file in the test's data directory, or, in the
// "postgres" project (vite.config.ts), a new database in the tests' PostgreSQL cluster copied from
// its migrated template. The same directory opens the same database again (a restart).

/** Which backend this test file runs on. */
export const BACKEND: 'sqlite' | 'postgres' = inject('postgres') ? 'postgres' : 'sqlite';

export async function openTestStorage(dataDir: string): Promise<Storage> {
  const postgres = inject('postgres');
  if (!postgres) return openSqliteStorage(join(dataDir, 'ashar.sqlite'));
  const marker = join(dataDir, 'postgres-database');
  if (!existsSync(marker)) {
    const name = `test_${randomBytes(8).toString('hex')}`;
    const admin = await openPostgresPool(postgres.url, 1);
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${postgres.template}`);
    } finally {
      await admin.end();
    }
    writeFileSync(marker, name);
  }
  return openPostgresStorage(postgresUrl(readFileSync(marker, 'utf8')));
}

/** The URL of a database of the tests' cluster. */
export function postgresUrl(database: string): string {
  const url = new URL(inject('postgres')!.url);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The test's database name in the cluster (PostgreSQL only). */
const databaseOf = (dataDir: string) => readFileSync(join(dataDir, 'postgres-database'), 'utf8');

/**
 * Copies the test's database aside, as a backup would, while its server runs: SQLite's online
 * backup to a file, or pg_dump of the PostgreSQL database.
 */
export async function backupTestDatabase(dataDir: string, copyName: string): Promise<void> {
  if (BACKEND === 'sqlite') {
    await backupDatabase(join(dataDir, 'ashar.sqlite'), join(dataDir, copyName));
    return;
  }
  execFileSync(join(postgresBin()!, 'pg_dump'), ['--format=custom', '--file', join(dataDir, copyName), postgresUrl(databaseOf(dataDir))], { stdio: 'pipe' });
}

/**
 * Puts a backup back in the database's place, its server stopped: the admin command on SQLite,
 * or a new database restored with pg_restore on PostgreSQL. The server begins a new stretch of
 * history when it starts, as after any restore.
 */
export async function restoreTestDatabase(dataDir: string, copyName: string): Promise<void> {
  if (BACKEND === 'sqlite') {
    await restoreDatabase(join(dataDir, copyName), join(dataDir, 'ashar.sqlite'));
    return;
  }
  const name = databaseOf(dataDir);
  const admin = await openPostgresPool(inject('postgres')!.url, 1);
  try {
    await admin.query(`DROP DATABASE ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  execFileSync(join(postgresBin()!, 'pg_restore'), ['--dbname', postgresUrl(name), join(dataDir, copyName)], { stdio: 'pipe' });
}
