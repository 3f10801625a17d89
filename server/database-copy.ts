import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { newEpochId } from './cursor';
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

/** Opens a backup to read, only when it is a whole Ashar database; says what is wrong otherwise. */
function openBackup(backupFile: string): Database.Database {
  let source: Database.Database;
  try {
    source = new Database(backupFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${backupFile} cannot be opened as a database.`, { cause: error });
  }
  try {
    const check = source.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${backupFile} is damaged: ${String(check)}`);
    const isAshar = source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get() !== undefined;
    if (!isAshar) throw new Error(`${backupFile} is not an Ashar database.`);
    return source;
  } catch (error) {
    source.close();
    // A file that is not SQLite at all fails its first read ("file is not a database").
    if (error instanceof Error && /not a database|malformed/i.test(error.message)) throw new Error(`${backupFile} is not an Ashar database.`, { cause: error });
    throw error;
  }
}

/**
 * Puts a backup in the database's place. The restored database begins a new stretch of history,
 * so phones that synced after the backup was made are told to send what they hold again. Stop the
 * server first; a running one also notices, at its next sync.
 */
export async function restoreDatabase(
  backupFile: string,
  databaseFile: string,
  now: Date = new Date(),
): Promise<{ documents: number; replaced: string | null }> {
  if (!existsSync(backupFile)) throw new Error(`There is no file ${backupFile}.`);
  let replaced: string | null = null;
  const source = openBackup(backupFile);
  try {
    // Nothing is lost by a restore either: the database it replaces is kept beside it, whole.
    if (existsSync(databaseFile)) {
      replaced = `${databaseFile}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      await backupDatabase(databaseFile, replaced);
    } else {
      mkdirSync(dirname(databaseFile), { recursive: true });
    }
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
    restored
      .prepare('INSERT INTO epochs (id, first_seq, started_at, reason) VALUES (?, ?, ?, ?)')
      .run(newEpochId(), seq + 1, new Date().toISOString(), 'restore');
    return { documents: (restored.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n, replaced };
  } finally {
    restored.close();
  }
}
