import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// What the app's build reads. The copy is built on its own, so the product's source stays as it is.
const BUILD_INPUTS = ['index.html', 'public', 'src', 'locales', 'scripts', 'vite.config.ts', 'package.json', 'tsconfig.json'];

const DATABASE_SOURCE = join('src', 'db', 'database.ts');
const PRECACHE_LIMIT = 'maximumFileSizeToCacheInBytes: 600 * 1024';
const CURRENT = readFileSync(DATABASE_SOURCE, 'utf8');
const versions = [...CURRENT.matchAll(/^\s*version: (\d+),$/gm)].map((match) => Number(match[1]));
const outboxSpecs = [...CURRENT.matchAll(/^\s*outbox: '([^']+)',$/gm)].map((match) => match[1]!);

/**
 * The schema version the next build adds, one past the app's last: a new index on the outbox
 * (its present indexes kept), built over what waits there.
 */
export const NEXT_SCHEMA_VERSION = Math.max(0, ...versions) + 1;
const NEXT_VERSION_ENTRY = `  {
    // Only in the test's "next version" build: one more schema version, as an app update brings.
    version: ${NEXT_SCHEMA_VERSION},
    stores: { outbox: '${outboxSpecs.at(-1)}, collection' },
  },
`;
/** Where the list of schema versions ends: the first line `];` after it starts. */
function endOfVersions(source: string): number {
  const start = source.indexOf('export const SCHEMA_VERSIONS');
  return start < 0 ? -1 : source.indexOf('\n];\n', start) + 1;
}

/**
 * Builds "the next version of the app" from a copy of this source whose database has one more
 * Dexie version than the current build, and returns the directory of the built app (to be removed
 * with `removeNextVersion`). A real build: new service worker, new precache, new chunks.
 */
export async function buildNextVersion(): Promise<string> {
  const workDir = mkdtempSync(join(tmpdir(), 'ashar-next-version-'));
  const source = join(workDir, 'source');
  for (const input of BUILD_INPUTS) cpSync(input, join(source, input), { recursive: true });
  symlinkSync(realpathSync('node_modules'), join(source, 'node_modules'), 'dir');

  const databaseFile = join(source, DATABASE_SOURCE);
  const database = readFileSync(databaseFile, 'utf8');
  const end = endOfVersions(database);
  if (end <= 0 || versions.length === 0 || outboxSpecs.length === 0 || outboxSpecs.at(-1)!.includes('collection')) {
    throw new Error(`src/db/database.ts changed shape: make buildNextVersion add a version after the last one`);
  }
  writeFileSync(databaseFile, database.slice(0, end) + NEXT_VERSION_ENTRY + database.slice(end));
  // Built under the test runner (NODE_ENV=test), this copy carries React's development build, and
  // its entry chunk outgrows the app's precache limit: the copy's limit is raised.
  const configFile = join(source, 'vite.config.ts');
  const config = readFileSync(configFile, 'utf8');
  if (!config.includes(PRECACHE_LIMIT)) throw new Error(`vite.config.ts changed shape: make buildNextVersion find its precache limit`);
  writeFileSync(configFile, config.replace(PRECACHE_LIMIT, 'maximumFileSizeToCacheInBytes: 4 * 1024 * 1024'));

  const outDir = join(workDir, 'dist');
  await new Promise<void>((resolve, reject) => {
    const build = spawn('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: source,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    build.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    build.once('error', reject);
    build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The next version did not build:\n${errors}`))));
  });
  return outDir;
}

export function removeNextVersion(outDir: string): void {
  rmSync(join(outDir, '..'), { recursive: true, force: true });
}
