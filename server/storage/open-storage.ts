import type { DatabaseSettings } from '../config';
import { openSqliteStorage } from './sqlite';
import type { Storage } from './types';

/**
 * Opens the server's database with this release's migrations applied: the SQLite file, or
 * PostgreSQL (whose driver is loaded only then). What the migrations applied is `applied`.
 */
export async function openStorage(settings: DatabaseSettings): Promise<Storage> {
  if (settings.kind === 'sqlite') return openSqliteStorage(settings.file);
  const { openPostgresStorage } = await import('./postgres');
  return openPostgresStorage(settings.url, { poolSize: settings.poolSize });
}
