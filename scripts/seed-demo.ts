// `npm run seed:demo [-- --create]`: adds the example communities and case studies to the server's
// database (ASHAR_DATA_DIR, as for the server), or brings an older text of them up to date.
import { parseArgs } from 'node:util';
import { ensureAdmin } from '../server/bootstrap';
import { readConfig } from '../server/config';
import { seedDemo } from '../server/seed-demo';
import { NoDatabaseError, openToolDatabase } from '../server/tool-database';

const { values } = parseArgs({ options: { create: { type: 'boolean', default: false } } });
let storage;
try {
  storage = await openToolDatabase(readConfig().database, { create: values.create === true });
} catch (error) {
  if (!(error instanceof NoDatabaseError)) throw error;
  console.error(error.message);
  process.exit(2);
}
try {
  const generated = await ensureAdmin(storage);
  if (generated) console.log(`Created the user "admin" with the password: ${generated} (shown only this once).`);
  const report = await seedDemo(storage);
  console.log(`Added ${report.communities} example communities and ${report.caseStudies} case studies; brought ${report.updated} up to date.`);
  console.log(JSON.stringify(report));
} finally {
  await storage.close();
}
