// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeDatabase, readConfig } from '../../server/config';

const missing = join(tmpdir(), 'ashar-config-test-never-made');

// ASHAR_TRUST_PROXY as the server reads it at start-up (server/config.ts). What it does to the
// addresses the sign-in throttle counts is in trust-proxy.test.ts.
describe('ASHAR_TRUST_PROXY', () => {
  const trusted = (value: string | undefined) => readConfig({ ASHAR_TRUST_PROXY: value }).trustedProxies;

  it('trusts no proxy when unset or empty', () => {
    expect(trusted(undefined)).toEqual([]);
    expect(trusted('')).toEqual([]);
    expect(trusted('  ')).toEqual([]);
  });

  const ACCEPTED: [string, string[]][] = [
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8,fd00::/8', ['10.0.0.0/8', 'fd00::/8']],
    [' 192.168.1.0/24 , ::1 ,2001:db8::/32 ', ['192.168.1.0/24', '::1', '2001:db8::/32']],
    ['10.1.2.3/32,::ffff:10.0.0.0/104', ['10.1.2.3/32', '::ffff:10.0.0.0/104']],
  ];
  it.each(ACCEPTED)('reads "%s" as addresses and ranges Fastify accepts', (value, expected) => {
    const list = trusted(value);
    expect(list).toEqual(expected);
    // Fastify compiles the list when it is made (@fastify/proxy-addr), and throws on what it cannot read.
    expect(() => Fastify({ trustProxy: list })).not.toThrow();
  });

  // Each value and the entry in it the message must name.
  const REFUSED: [string, string][] = [
    ['proxy.internal', 'proxy.internal'],
    ['loopback', 'loopback'],
    ['10.0.0.0/33', '10.0.0.0/33'],
    ['fd00::/129', 'fd00::/129'],
    ['10.0.0.0/', '10.0.0.0/'],
    ['10.0.0.0/8/8', '10.0.0.0/8/8'],
    ['10.0.0.0/255.0.0.0', '10.0.0.0/255.0.0.0'],
    ['10.0.0.0/x', '10.0.0.0/x'],
    ['256.0.0.1', '256.0.0.1'],
    ['10.0.0', '10.0.0'],
    ['127.0.0.1,,10.0.0.1', ''],
    ['127.0.0.1;10.0.0.1', '127.0.0.1;10.0.0.1'],
    ['10.0.0.0/8, fe80::1%eth0', 'fe80::1%eth0'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
  ];
  it.each(REFUSED)('refuses "%s" with one line that names the variable and "%s"', (value, entry) => {
    let thrown: unknown;
    try {
      trusted(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message;
    expect(message).toMatch(/^ASHAR_TRUST_PROXY must be proxy addresses or ranges/);
    expect(message).toContain(`but "${entry}" is not one`);
    expect(message).not.toContain('\n');
  });

  it('says why a /0 range is refused', () => {
    expect(() => trusted('0.0.0.0/0')).toThrow('a /0 range would trust every client');
  });

  // Node started with tsx: 1–3 s on a busy machine.
  it('stops the server before it starts, with that one line and no stack trace', { timeout: 60_000 }, () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      // Were the value let through, the server would stop for want of a built app, or start: never hang here.
      env: { ...process.env, ASHAR_TRUST_PROXY: '10.0.0.0/8,balancer.local', PORT: '0', ASHAR_DATA_DIR: missing, ASHAR_DIST_DIR: missing },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Ashar cannot start: ASHAR_TRUST_PROXY must be proxy addresses or ranges separated by commas (e.g. 10.0.0.0/8,fd00::/8), but "balancer.local" is not one.\n',
    );
  });
});

// ASHAR_DATABASE_URL and ASHAR_DATABASE_POOL: SQLite unless a PostgreSQL database is named.
describe('ASHAR_DATABASE_URL', () => {
  const database = (env: Record<string, string>) => readConfig({ ASHAR_DATA_DIR: '/srv/ashar', ...env }).database;

  it('keeps SQLite in the data directory when unset or empty', () => {
    expect(database({})).toEqual({ kind: 'sqlite', file: '/srv/ashar/ashar.sqlite' });
    expect(database({ ASHAR_DATABASE_URL: '' })).toEqual({ kind: 'sqlite', file: '/srv/ashar/ashar.sqlite' });
  });

  it('takes a PostgreSQL database, with 10 connections unless told', () => {
    expect(database({ ASHAR_DATABASE_URL: 'postgres://ashar:secret@db.internal:5432/ashar' })).toEqual({
      kind: 'postgres',
      url: 'postgres://ashar:secret@db.internal:5432/ashar',
      poolSize: 10,
    });
    expect(database({ ASHAR_DATABASE_URL: 'postgresql://db/ashar?sslmode=require', ASHAR_DATABASE_POOL: '25' })).toMatchObject({ poolSize: 25 });
  });

  it.each([
    ['mysql://db/ashar', {}],
    ['postgres://db.internal:5432', {}],
    ['not a url', {}],
    ['postgres://db/ashar', { ASHAR_DATABASE_POOL: '0' }],
    ['postgres://db/ashar', { ASHAR_DATABASE_POOL: 'many' }],
  ])('refuses %s %o in one line', (url, extra) => {
    const read = () => database({ ASHAR_DATABASE_URL: url, ...extra });
    expect(read).toThrow(ConfigError);
    expect(() => read()).toThrow(/^ASHAR_DATABASE_(URL|POOL) must/);
  });

  it('refuses a pool size without a database to use it for', () => {
    expect(() => database({ ASHAR_DATABASE_POOL: '5' })).toThrow('ASHAR_DATABASE_POOL is for PostgreSQL');
  });

  it('names where the database is without its password', () => {
    expect(describeDatabase(database({ ASHAR_DATABASE_URL: 'postgres://ashar:secret@db.internal:5432/ashar' }))).toBe('PostgreSQL db.internal:5432/ashar');
  });

  it('stops the server in one line when the database cannot be reached', { timeout: 60_000 }, () => {
    const distDir = mkdtempSync(join(tmpdir(), 'ashar-config-dist-'));
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>test</title>');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      // A port nothing listens on (1, on 127.0.0.1): refused at once.
      env: { ...process.env, ASHAR_DATABASE_URL: 'postgres://ashar:secret@127.0.0.1:1/ashar', PORT: '0', ASHAR_DATA_DIR: missing, ASHAR_DIST_DIR: distDir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Ashar cannot start: the database PostgreSQL 127\.0\.0\.1:1\/ashar cannot be opened: .*ECONNREFUSED.*\.\n$/);
    expect(result.stderr).not.toContain('secret');
    rmSync(distDir, { recursive: true, force: true });
  });
});
