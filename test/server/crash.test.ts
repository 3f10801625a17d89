// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';

// The real server process, killed with SIGKILL in the middle of a large push, then restarted on
// the same database: the push sent again is applied exactly once.
const workDir = mkdtempSync(join(tmpdir(), 'ashar-crash-'));
const distDir = join(workDir, 'dist');
mkdirSync(distDir);
writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>test</title>');
let child: ChildProcess | null = null;

async function startProcess(port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ASHAR_DATA_DIR: join(workDir, 'data'), ASHAR_DIST_DIR: distDir, ASHAR_ADMIN_PASSWORD: 'crash-admin-pass' },
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

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

describe('server killed mid-push', () => {
  // Two real server processes started with tsx: 15–22 s measured on a busy 2-core machine.
  it('applies each change exactly once after a restart and a retry', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = await startProcess(port);
    const admin = ((await (await post(port, '/auth/login', { username: 'admin', password: 'crash-admin-pass' })).json()) as { token: string }).token;
    const community = ((await (await post(port, '/communities', { name: { ky: 'Краш' } }, admin)).json()) as { id: string }).id;
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      id: newId(),
      collection: 'assets',
      docId: newId(),
      hlc: encodeHlc({ wallMs: Date.now(), counter: i, node: 'crash' }),
      set: { communityId: community, name: `Ресурс ${i}`, category: 'physical', description: 'Сүрөттөмө '.repeat(60) },
    }));
    const body = { clientId: 'crash-client', cursor: null, changes };

    const inFlight = post(port, '/sync', body, admin).then((r) => r.status).catch(() => 'connection lost');
    await new Promise((resolve) => setTimeout(resolve, 15));
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    expect(await inFlight).toBe('connection lost');
    await exited;

    child = await startProcess(port);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await post(port, '/sync', body, admin);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { acked: string[] }).acked).toHaveLength(1000);
    }
    const stopped = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await stopped;
    child = null;

    const db = new Database(join(workDir, 'data', 'ashar.sqlite'), { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM changes').get() as { n: number }).n).toBe(1000);
    expect((db.prepare("SELECT COUNT(*) AS n FROM docs WHERE collection = 'assets'").get() as { n: number }).n).toBe(1000);
    db.close();
  }, 120_000);
});
