import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// A PostgreSQL cluster of the tests' own: made in a temporary directory, listening on 127.0.0.1 at
// a free port (and a socket in its directory), stopped and removed at the end. initdb refuses to
// run as root, so as root the cluster is made and run as `nobody`.

export interface Cluster {
  /** postgres://… of the cluster's `postgres` database, as the user `ashar` (trusted locally). */
  url: string;
  /** The URL of database `name` in this cluster. */
  urlOf: (name: string) => string;
  stop: () => void;
}

/** Where initdb and pg_ctl are: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
export function postgresBin(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  // Debian links some of its programs onto PATH: the directory of the real one has them all (pg_dump too).
  if (onPath) return dirname(realpathSync(onPath));
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : null;
}

export const POSTGRES_MISSING =
  'PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): install it (apt-get install -y postgresql); the server tests run on it too.';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'ashar-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, 65534, 65534);
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'nobody', '--', join(bin, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'ashar', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    // fsync off: a test cluster need not survive a power cut, and its writes are many.
    const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
    run('pg_ctl', ['-D', data, '-l', join(dir, 'pg.log'), '-o', options, '-w', '-t', '120', 'start']);
  } catch (error) {
    const log = existsSync(join(dir, 'pg.log')) ? readFileSync(join(dir, 'pg.log'), 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The test PostgreSQL did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  const urlOf = (name: string) => `postgres://ashar@127.0.0.1:${port}/${name}`;
  return {
    url: urlOf('postgres'),
    urlOf,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
