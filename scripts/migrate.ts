// `npm run migrate [-- --create]`: brings the server's database (the SQLite file of ASHAR_DATA_DIR,
// or the PostgreSQL database of ASHAR_DATABASE_URL) to this release's schema and says what it
// applied; the server does the same at every start. Safe to run while servers run and from several
// places at once: the migrations are applied under a lock (SQLite's write lock, a PostgreSQL
// advisory lock), each once. A missing SQLite file is made only with --create (as for the other
// tools: another ASHAR_DATA_DIR than the server's would otherwise go unnoticed).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeDatabase, readConfig } from '../server/config';
import { openMigratedSqlite } from '../server/storage/sqlite';

const { values } = parseArgs({ options: { create: { type: 'boolean', default: false } } });
const settings = readConfig().database;
const where = describeDatabase(settings);
let applied: string[];
if (settings.kind === 'sqlite') {
  const existed = existsSync(settings.file);
  if (!existed && !values.create) {
    console.error(`There is no database at ${settings.file}.\nRun this with the same ASHAR_DATA_DIR as the server, or add --create to make a new one here.`);
    process.exit(2);
  }
  // Said first: another process migrating the same file holds it up to 5 s, and this one waits.
  console.error(`Database: ${where}${existed ? '' : ' (new, created now)'}`);
  const opened = openMigratedSqlite(settings.file);
  opened.db.close();
  applied = opened.applied;
} else {
  console.error(`Database: ${where}`);
  const { migratePostgres, openPostgresPool } = await import('../server/storage/postgres');
  const pool = await openPostgresPool(settings.url, 1);
  try {
    applied = await migratePostgres(pool);
  } catch (error) {
    console.error(`The database ${where} cannot be migrated: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  } finally {
    await pool.end();
  }
}
console.log(applied.length > 0 ? `Applied ${applied.length}: ${applied.join(', ')}.` : 'Nothing to apply: the database is up to date.');
console.log(JSON.stringify({ database: where, applied }));
