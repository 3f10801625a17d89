// `npm run migrate [-- --create]`: brings the database of ASHAR_DATA_DIR (the server's) to this
// release's schema and says what it applied; the server does the same at every start. Safe to run
// while servers run and from several places at once: the migrations are applied under the
// database's write lock, each once. A missing database is made only with --create (as for the
// other tools: another ASHAR_DATA_DIR than the server's would otherwise go unnoticed).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { databaseFile, readConfig } from '../server/config';
import { openMigratedSqlite } from '../server/storage/sqlite';

const { values } = parseArgs({ options: { create: { type: 'boolean', default: false } } });
const file = databaseFile(readConfig().dataDir);
const existed = existsSync(file);
if (!existed && !values.create) {
  console.error(`There is no database at ${file}.\nRun this with the same ASHAR_DATA_DIR as the server, or add --create to make a new one here.`);
  process.exit(2);
}
// Said first: another process migrating the same file holds it up to 5 s, and this one waits.
console.error(`Database: ${file}${existed ? '' : ' (new, created now)'}`);
const { db, applied } = openMigratedSqlite(file);
db.close();
console.log(applied.length > 0 ? `Applied ${applied.length}: ${applied.join(', ')}.` : 'Nothing to apply: the database is up to date.');
console.log(JSON.stringify({ database: file, applied }));
