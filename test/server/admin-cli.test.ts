// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite';

// `npm run admin` and `npm run seed:demo` as a person runs them on the server machine: a separate
// process reading ASHAR_DATA_DIR. Each run starts Node with tsx (1–3 s on a busy machine).
const workDir = mkdtempSync(join(tmpdir(), 'ashar-admin-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function run(script: string, dataDir: string, args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ASHAR_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the admin command line', () => {
  it('refuses to make a new empty database where the server has none, and says what to set', { timeout: 60_000 }, () => {
    const mistyped = join(workDir, 'dta');
    const admin = run('server/admin-cli.ts', mistyped, ['list-communities']);
    expect(admin.status).toBe(2);
    expect(admin.stderr).toContain(`There is no database at ${join(mistyped, 'ashar.sqlite')}`);
    expect(admin.stderr).toContain('same ASHAR_DATA_DIR as the server');
    expect(admin.stderr).toContain('--create');
    const seed = run('scripts/seed-demo.ts', mistyped, []);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toContain('There is no database at');
    expect(existsSync(mistyped)).toBe(false);
  });

  it('says on every run which database file it opened, and makes one only when asked with --create', { timeout: 60_000 }, async () => {
    const dataDir = join(workDir, 'data');
    const file = join(dataDir, 'ashar.sqlite');
    const created = run('server/admin-cli.ts', dataDir, ['create-community', '--ky', 'Ак-Сай', '--create']);
    expect(created.status).toBe(0);
    expect(created.stderr).toContain(`Database: ${file} (new, created now)`);
    const id = created.stdout.trim();
    const listed = run('server/admin-cli.ts', dataDir, ['list-communities']);
    expect(listed.status).toBe(0);
    expect(listed.stderr.trim()).toBe(`Database: ${file}`);
    // Only the answer goes to standard output, so a script can still read the new id from it.
    expect(listed.stdout).toContain(`${id}\tАк-Сай`);
    // A user with a position: the circle of practice they follow by default; an unknown one is refused.
    const user = run('server/admin-cli.ts', dataDir, [
      'create-user',
      '--username',
      'aigul',
      '--password',
      'password-123',
      '--role',
      'staff',
      '--community',
      id,
      '--position',
      'finance_officer',
    ]);
    expect(user.status, user.stderr).toBe(0);
    const storage = openSqliteStorage(file);
    expect((await storage.userById(user.stdout.trim()))!.position).toBe('finance_officer');
    await storage.close();
    const wrong = run('server/admin-cli.ts', dataDir, [
      'create-user',
      '--username',
      'bakyt',
      '--password',
      'password-123',
      '--role',
      'staff',
      '--position',
      'mayor',
    ]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--position: one of finance_officer');
  });

  it('backs the database up and restores it, keeping the database it replaces; a file that is not one changes nothing', { timeout: 120_000 }, () => {
    const dataDir = join(workDir, 'restore');
    const first = run('server/admin-cli.ts', dataDir, ['create-community', '--ky', 'Ак-Сай', '--create']).stdout.trim();
    const copy = join(workDir, 'backup.sqlite');
    const backup = run('server/admin-cli.ts', dataDir, ['backup', copy]);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Backup written to ${copy}`);
    // A backup never overwrites a file.
    expect(run('server/admin-cli.ts', dataDir, ['backup', copy]).stderr).toContain('exists already');

    const later = run('server/admin-cli.ts', dataDir, ['create-community', '--ky', 'Кара-Суу']).stdout.trim();
    const notADatabase = join(workDir, 'notes.txt');
    writeFileSync(notADatabase, 'not a database at all, just some text that is long enough to be read');
    const refused = run('server/admin-cli.ts', dataDir, ['restore', notADatabase]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('is not an Ashar database');
    expect(run('server/admin-cli.ts', dataDir, ['list-communities']).stdout).toContain(later);

    const restored = run('server/admin-cli.ts', dataDir, ['restore', copy]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('kept as');
    const now = run('server/admin-cli.ts', dataDir, ['list-communities']).stdout;
    expect(now).toContain(first);
    expect(now).not.toContain(later);
    // The replaced database is whole: the community made after the backup is still in it.
    const kept = readdirSync(dataDir).find((name) => name.startsWith('ashar.sqlite.before-restore-'))!;
    expect(kept).toBeDefined();
    const keptDir = join(workDir, 'kept');
    expect(run('server/admin-cli.ts', keptDir, ['restore', join(dataDir, kept)]).status).toBe(0);
    expect(run('server/admin-cli.ts', keptDir, ['list-communities']).stdout).toContain(later);
  });
});
