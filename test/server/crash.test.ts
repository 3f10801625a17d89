// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import { placeholderDist, spawnServer, type ServerProcess } from './server-process';

// The real server process, killed with SIGKILL inside the transaction of a large push, then
// restarted on the same database: the killed transaction left nothing, and the push sent again (and
// again, after a later edit) is applied exactly once.
const workDir = mkdtempSync(join(tmpdir(), 'ashar-crash-'));
let server: ServerProcess | null = null;

/** Starts the server process on the test's database: its address. */
async function startProcess(): Promise<string> {
  server = spawnServer({
    ASHAR_DATA_DIR: join(workDir, 'data'),
    ASHAR_DIST_DIR: placeholderDist(workDir),
    ASHAR_ADMIN_PASSWORD: 'crash-admin-pass',
  });
  return server.running;
}

const post = (url: string, path: string, body: unknown, token?: string) =>
  fetch(`${url}/api/v1${path}`, {
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
  server?.proc.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

describe('server killed mid-push', () => {
  // Two real server processes started with tsx: 15–22 s measured on a busy 2-core machine.
  it('leaves nothing of a batch killed inside its transaction, and applies each change exactly once after a restart and retries', async () => {
    const dbFile = join(workDir, 'data', 'ashar.sqlite');
    let url = await startProcess();
    const admin = ((await (await post(url, '/auth/login', { username: 'admin', password: 'crash-admin-pass' })).json()) as { token: string }).token;
    const community = ((await (await post(url, '/communities', { name: { ky: 'Краш' } }, admin)).json()) as { id: string }).id;
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
    const inFlight = post(url, '/sync', body, admin)
      .then((r) => r.status)
      .catch(() => 'connection lost')
      .finally(() => (answered = true));
    await insideTheBatch(server!.proc.pid!, `${dbFile}-shm`, () => answered);
    const killed = server!.stop('SIGKILL');
    expect(await inFlight).toBe('connection lost');
    await killed;

    // The killed transaction left nothing: no record, no change, no audience row, no seq taken.
    const afterKill = new Database(dbFile, { readonly: true });
    const count = (sql: string) => (afterKill.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM docs')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM changes')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM doc_audience')).toBe(0);
    expect(afterKill.prepare("SELECT value FROM server_state WHERE key = 'seq'").get()).toBeUndefined();
    afterKill.close();

    url = await startProcess();
    const retry = async () => {
      const response = await post(url, '/sync', body, admin);
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
    const editResponse = await post(url, '/sync', { clientId: 'other-client', cursor: null, changes: edited }, admin);
    expect(((await editResponse.json()) as { acked: string[] }).acked).toHaveLength(3);
    // The batch's answer was lost again, twice: each retry is acknowledged and changes nothing.
    await retry();
    await retry();
    await server!.stop('SIGKILL');
    server = null;

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
