import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { newId } from '../src/core/ids';
import { migrate } from './storage/sqlite';

// Backup and restore of the server's database (`npm run admin -- backup|restore <file>`). Phones are
// told when the database went back in time (server/cursor.ts), and send what it lost again.

/** Every page in one step: the copy is one consistent moment, whatever the running server writes meanwhile. */
const ALL_PAGES_AT_ONCE = () => 0x7fffffff;

/** Copies the database to `target` with SQLite's online backup, safe while the server runs. */
export async function backupDatabase(databaseFile: string, target: string): Promise<{ bytes: number }> {
  if (!existsSync(databaseFile)) throw new Error(`There is no database at ${databaseFile}.`);
  if (existsSync(target)) throw new Error(`${target} exists already: choose a new file name.`);
  const source = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    const progress = await source.backup(target, { progress: ALL_PAGES_AT_ONCE });
    return { bytes: progress.totalPages * (source.pragma('page_size', { simple: true }) as number) };
  } finally {
    source.close();
  }
}

/**
 * Puts a backup in the database's place. The restored database begins a new stretch of history,
 * so phones that synced after the backup was made are told to send what they hold again. Stop the
 * server first; a running one also notices, at its next sync.
 */
export async function restoreDatabase(backupFile: string, databaseFile: string): Promise<{ documents: number }> {
  if (!existsSync(backupFile)) throw new Error(`There is no file ${backupFile}.`);
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const check = source.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${backupFile} is damaged: ${String(check)}`);
    const isAshar = source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get() !== undefined;
    if (!isAshar) throw new Error(`${backupFile} is not an Ashar database.`);
    await source.backup(databaseFile, { progress: ALL_PAGES_AT_ONCE });
  } finally {
    source.close();
  }
  const restored = new Database(databaseFile);
  try {
    restored.pragma('journal_mode = WAL');
    restored.pragma('busy_timeout = 5000');
    // A backup from an older version of Ashar is brought up to this one's schema.
    migrate(restored);
    const seq = Number((restored.prepare("SELECT value FROM server_state WHERE key = 'seq'").get() as { value: string } | undefined)?.value ?? '0');
    restored.prepare('INSERT INTO epochs (id, first_seq, started_at, reason) VALUES (?, ?, ?, ?)').run(newId(), seq + 1, new Date().toISOString(), 'restore');
    return { documents: (restored.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n };
  } finally {
    restored.close();
  }
}
