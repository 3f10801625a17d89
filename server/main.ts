// `npm run serve`: one process serving the built app and the API, over its SQLite file or, with
// ASHAR_DATABASE_URL, over PostgreSQL (one of several instances: docs/deploy.md).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app';
import { ensureAdmin } from './bootstrap';
import { describeDatabase, readConfig, type ServerConfig } from './config';
import type { FileStore } from './files/file-store';
import { openFileStore } from './files/open-file-store';
import { openStorage } from './storage/open-storage';
import type { Storage } from './storage/types';

let config: ServerConfig;
let files: FileStore;
let storage: Storage;
try {
  config = readConfig();
  files = await openFileStore(config.files);
} catch (error) {
  // A wrong setting, or a file store that cannot be used, is the operator's to fix: say which, on
  // one line, without a stack trace.
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  console.error(`Ashar cannot start: ${message}.`);
  process.exit(1);
}
if (!existsSync(join(config.distDir, 'index.html'))) {
  console.error(`No built app in ${config.distDir}: run \`npm run build\` (or \`npm start\`, which builds first).`);
  process.exit(1);
}
try {
  storage = await openStorage(config.database);
} catch (error) {
  // A database that cannot be reached or opened: say which, on one line.
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  console.error(`Ashar cannot start: the database ${describeDatabase(config.database)} cannot be opened: ${message}.`);
  process.exit(1);
}
const generated = await ensureAdmin(storage);
if (generated) {
  console.log(`Created the user "admin" with the password: ${generated}`);
  console.log('It is shown only this once. Set ASHAR_ADMIN_PASSWORD before the first start to choose it.');
} else if (generated === '') {
  console.log('Created the user "admin" with the password from ASHAR_ADMIN_PASSWORD.');
}
const app = await buildApp({
  storage,
  distDir: config.distDir,
  files,
  version: config.version,
  logger: false,
  ...(config.tileUrl !== undefined ? { tileUrl: config.tileUrl } : {}),
  ...(config.tileAttribution !== undefined ? { tileAttribution: config.tileAttribution } : {}),
  ...(config.uploadBytesPerDay !== undefined ? { uploadBytesPerDay: config.uploadBytesPerDay } : {}),
  trustedProxies: config.trustedProxies,
});

const stop = async () => {
  await app.close();
  await storage.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

await app.listen({ host: config.host, port: config.port });
const shown = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
// The port listened on: PORT=0 takes a free one, which the line then names.
const port = (app.server.address() as { port: number }).port;
const where = [
  config.database.kind === 'postgres' ? `database ${describeDatabase(config.database)}` : `data in ${config.dataDir}`,
  ...(config.files.kind === 's3' ? [`files in the S3 bucket ${config.files.bucket}`] : []),
].join('; ');
console.log(`Ashar ${config.version} is running at http://${shown}:${port} (${where})`);
