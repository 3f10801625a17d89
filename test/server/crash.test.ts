// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';

// The real server process, killed with SIGKILL inside the transaction of a large push, then
// restarted on the same database: the killed transaction left nothing, and the push sent again (and
// again, after a later edit) is applied exactly once.
const workDir = mkdtempSync(join(tmpdir(), 'ashar-crash-'));
const distDir = join(workDir, 'dist');
mkdirSync(distDir);
writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>test</title>');
let child: ChildProcess | null = null;

async function startProcess(port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ASHAR_DATA_DIR: join(workDir, 'data'),
      ASHAR_DIST_DIR: distDir,
      ASHAR_ADMIN_PASSWORD: 'crash-admin-pass',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 20_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return proc;
}

const post = (port: number, path: string, body: unknown, token?: string) =>
  fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

/**
 * Whether the process holds SQLite's write lock on this WAL database, i.e. is inside a write
 * transaction: in WAL mode that lock is a POSIX lock on byte 120 of the `-shm` file, which Linux
 * lists in /proc/locks. Reading it takes no lock, so it cannot delay or fail the server's writes.
 */
function holdsWriteLock(pid: number, shmFile: string): boolean {
  const inode = statSync(shmFile).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .some((line) => {
      const [, kind, , mode, owner, file, from] = line.trim().split(/\s+/);
      return kind === 'POSIX' && mode === 'WRITE' && owner === String(pid) && file?.endsWith(`:${inode}`) && from === '120';
    });
}

/**
 * Waits until the server has been inside a write transaction for 10 ms: long past the one-row
 * write that notes a token's use, so it is the batch. Fails if the answer comes first.
 */
async function insideTheBatch(pid: number, shmFile: string, answered: () => boolean): Promise<void> {
  let heldSince: number | null = null;
  for (;;) {
    if (answered()) throw new Error('the server answered before it was seen writing the batch');
    heldSince = holdsWriteLock(pid, shmFile) ? (heldSince ?? Date.now()) : null;
    if (heldSince !== null && Date.now() - heldSince >= 10) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

describe('server killed mid-push', () => {
  // Two real server processes started with tsx: 15–22 s measured on a busy 2-core machine.
  it('leaves nothing of a batch killed inside its transaction, and applies each change exactly once after a restart and retries', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const dbFile = join(workDir, 'data', 'ashar.sqlite');
    child = await startProcess(port);
    const admin = ((await (await post(port, '/auth/login', { username: 'admin', password: 'crash-admin-pass' })).json()) as { token: string }).token;
    const community = ((await (await post(port, '/communities', { name: { ky: 'Краш' } }, admin)).json()) as { id: string }).id;
    // The phone's clock runs ten minutes fast, so the server re-stamps every change with its own
    // clock and its own updatedAt: a change applied a second time would be stamped again, after any
    // edit made since, and undo it. Only the server's record of each change id prevents that.
    const fastMs = Date.now() + 10 * 60_000;
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      id: newId(),
      collection: 'assets',
      docId: newId(),
      hlc: encodeHlc({ wallMs: fastMs, counter: i, node: 'crash' }),
      set: {
        communityId: community,
        name: `Ресурс ${i}`,
        category: 'physical',
        description: 'Сүрөттөмө '.repeat(60),
        updatedAt: new Date(fastMs).toISOString(),
      },
    }));
    const body = { clientId: 'crash-client', cursor: null, changes };

    let answered = false;
    const inFlight = post(port, '/sync', body, admin)
      .then((r) => r.status)
      .catch(() => 'connection lost')
      .finally(() => (answered = true));
    await insideTheBatch(child.pid!, `${dbFile}-shm`, () => answered);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    expect(await inFlight).toBe('connection lost');
    await exited;

    // The killed transaction left nothing: no record, no change, no audience row, no seq taken.
    const afterKill = new Database(dbFile, { readonly: true });
    const count = (sql: string) => (afterKill.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM docs')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM changes')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM doc_audience')).toBe(0);
    expect(afterKill.prepare("SELECT value FROM server_state WHERE key = 'seq'").get()).toBeUndefined();
    afterKill.close();

    child = await startProcess(port);
    const retry = async () => {
      const response = await post(port, '/sync', body, admin);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { acked: string[] }).acked).toHaveLength(1000);
    };
    await retry();
    // Someone edits three of the records after the batch went through (stamped a second ahead of
    // now, so surely after the server's stamps of the batch, and still believed).
    const edited = changes.slice(0, 3).map((change, i) => ({
      id: newId(),
      collection: 'assets',
      docId: change.docId,
      hlc: encodeHlc({ wallMs: Date.now() + 1000, counter: i, node: 'later' }),
      set: { name: `Оңдолгон ${i}`, updatedAt: new Date().toISOString() },
    }));
    const editResponse = await post(port, '/sync', { clientId: 'other-client', cursor: null, changes: edited }, admin);
    expect(((await editResponse.json()) as { acked: string[] }).acked).toHaveLength(3);
    // The batch's answer was lost again, twice: each retry is acknowledged and changes nothing.
    await retry();
    await retry();
    const stopped = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await stopped;
    child = null;

    const db = new Database(dbFile, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM changes').get() as { n: number }).n).toBe(1003);
    expect((db.prepare("SELECT COUNT(*) AS n FROM docs WHERE collection = 'assets'").get() as { n: number }).n).toBe(1000);
    // One seq per stored state: the batch's 1000 records and the 3 edits, none taken by a retry.
    expect((db.prepare("SELECT value FROM server_state WHERE key = 'seq'").get() as { value: string }).value).toBe('1003');
    for (const edit of edited) {
      const row = db.prepare("SELECT fields FROM docs WHERE collection = 'assets' AND doc_id = ?").get(edit.docId) as { fields: string };
      expect(JSON.parse(row.fields)).toMatchObject(edit.set);
    }
    db.close();
  }, 120_000);
});
