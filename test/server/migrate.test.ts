// @vitest-environment node
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run migrate` as an operator runs it, in processes of its own: several at once on an empty
// database (instances starting together) apply each migration once; run again, nothing.
const workDir = mkdtempSync(join(tmpdir(), 'ashar-migrate-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const MIGRATIONS = readdirSync(new URL('../../server/migrations/sqlite/', import.meta.url)).filter((name) => /^\d{3}_.*\.sql$/.test(name));

/** One run; `started` resolves when it has said which database it opens (it migrates right after). */
function migrate(dataDir: string, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', ...args], {
    env: { ...process.env, ASHAR_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let said!: () => void;
  const started = new Promise<void>((resolve) => (said = resolve));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('Database: ')) said();
  });
  const done = once(child, 'exit').then(([code]) => {
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return { code: code as number | null, stderr, result: code === 0 ? (JSON.parse(last) as { database: string; applied: string[] }) : null };
  });
  return { started, done };
}

describe('npm run migrate', () => {
  it('applies each migration once when three processes start on an empty database at once, and nothing when run again', async () => {
    const dataDir = join(workDir, 'three');
    // The database exists, empty, and this test holds its write lock until all three have started:
    // then they all go for it together.
    mkdirSync(dataDir);
    const holder = new Database(join(dataDir, 'ashar.sqlite'));
    holder.pragma('journal_mode = WAL');
    holder.exec('BEGIN IMMEDIATE');
    const processes = [0, 1, 2].map(() => migrate(dataDir));
    await Promise.all(processes.map((run) => run.started));
    holder.exec('COMMIT');
    holder.close();
    const runs = await Promise.all(processes.map((run) => run.done));
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0]);
    const applied = runs.flatMap((run) => run.result!.applied);
    expect(applied.sort()).toEqual([...MIGRATIONS].sort());
    const db = new Database(join(dataDir, 'ashar.sqlite'), { readonly: true });
    expect((db.prepare('SELECT name FROM migrations ORDER BY name').all() as { name: string }[]).map((row) => row.name)).toEqual([...MIGRATIONS].sort());
    db.close();
    const again = await migrate(dataDir).done;
    expect(again.result).toEqual({ database: join(dataDir, 'ashar.sqlite'), applied: [] });
  }, 120_000);

  it('makes no database where there is none unless asked with --create, and says so', async () => {
    const missing = await migrate(join(workDir, 'missing')).done;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no database at');
    expect(readdirSync(workDir)).not.toContain('missing');
  }, 60_000);
});
