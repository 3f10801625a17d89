// `npm run seed:demo`: adds example communities and case studies to the server's database.
import { ensureAdmin } from '../server/bootstrap';
import { databaseFile, readConfig } from '../server/config';
import { seedDemo } from '../server/seed-demo';
import { openSqliteStorage } from '../server/storage/sqlite';

const config = readConfig();
const storage = openSqliteStorage(databaseFile(config.dataDir));
try {
  const generated = await ensureAdmin(storage);
  if (generated) console.log(`Created the user "admin" with the password: ${generated} (shown only this once).`);
  const added = seedDemo(storage);
  console.log(`Added ${added.communities} example communities and ${added.caseStudies} case studies to ${config.dataDir}.`);
  console.log(JSON.stringify(added));
} finally {
  storage.close();
}
