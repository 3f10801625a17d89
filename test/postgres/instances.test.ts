// @vitest-environment node
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import { hashPassword } from '../../server/auth';
import { openPostgresPool } from '../../server/storage/postgres';
import { expectPhonesMatchServer, Phone, type SimWorld } from '../sim/audience-phone';
import { seededRandom, simSeed } from '../sim/seeded-random';
import { attachment, blobOf } from '../server/authz-fixtures';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../server/harness';
import { openRawDatabase } from '../server/raw-database';
import { placeholderDist, spawnServer, type ServerProcess } from '../server/server-process';
import { postgresUrl } from '../server/test-storage';

// Several stateless instances over one PostgreSQL: two in this process and one as a process of its
// own (`server/main.ts` with ASHAR_DATABASE_URL), 30 phones whose requests go round-robin across
// them, writing at the same time in two communities.

const SEED = simSeed(20261205);
const { random, pick } = seededRandom(SEED);
const dataDir = mkdtempSync(join(tmpdir(), 'ashar-instances-'));
const DAY_LIMIT_MB = 1;
const MIGRATIONS = fileURLToPath(new URL('../../server/migrations/postgres', import.meta.url));
let inProcess: TestServer[] = [];
let child: ServerProcess | null = null;
let urls: string[] = [];

/** `server/main.ts` as a process of its own over the test database `database`, once it is running. */
async function startProcess(database: string, env: Record<string, string> = {}): Promise<ServerProcess & { url: string }> {
  const server = spawnServer({
    ASHAR_DATABASE_URL: postgresUrl(database),
    ASHAR_DATA_DIR: dataDir,
    ASHAR_DIST_DIR: placeholderDist(dataDir),
    ASHAR_UPLOAD_MB_PER_DAY: String(DAY_LIMIT_MB),
    ...env,
  });
  return { ...server, url: await server.running };
}

beforeAll(async () => {
  const first = await startServer({ dataDir, uploadBytesPerDay: DAY_LIMIT_MB * 1024 * 1024 });
  const second = await startServer({ dataDir, uploadBytesPerDay: DAY_LIMIT_MB * 1024 * 1024 });
  inProcess = [first, second];
  const started = await startProcess(readDatabaseName());
  child = started;
  urls = [first.url, second.url, started.url];
}, 120_000);
afterAll(async () => {
  await child?.stop();
  for (const server of inProcess) await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function readDatabaseName(): string {
  return readFileSync(join(dataDir, 'postgres-database'), 'utf8');
}

let turn = 0;
/** The next instance, in turn: as a load balancer sends each request. */
const nextUrl = () => urls[turn++ % urls.length]!;

/** Phones that sync over HTTP with the instance `urlFor` names. */
const httpWorld = (urlFor: () => string): SimWorld => ({
  app: () => {
    throw new Error('the phones speak HTTP here');
  },
  now: () => Date.now(),
  random,
  post: async (token, body) => {
    const response = await fetch(`${urlFor()}/api/v1/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    return { status: response.status, json: () => JSON.parse(text) as unknown };
  },
});

async function call(method: string, path: string, options: { token?: string; body?: unknown; raw?: Uint8Array<ArrayBuffer>; url?: string } = {}) {
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.raw) headers['content-type'] = 'image/jpeg';
  const response = await fetch(`${options.url ?? nextUrl()}/api/v1${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : options.raw ? { body: options.raw } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, bytes: text };
}

describe('three instances over one PostgreSQL', () => {
  it('leave 30 phones writing at once in two communities each holding exactly what it may read, equal to the server, with no seq used twice', async () => {
    const storage = inProcess[0]!.storage;
    const admin = (await call('POST', '/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).body!.token as string;
    const communities: string[] = [];
    for (const name of ['Ак-Талаа', 'Көк-Жар'])
      communities.push((await call('POST', '/communities', { token: admin, body: { name: { ky: name } } })).body!.id as string);
    const [x, y] = communities as [string, string];
    // 14 staff in each community, a volunteer and a coordinator: made in the database directly
    // (one password hash for all), then each signs in through the instance its turn gives.
    const passwordHash = await hashPassword('simulation');
    const people: { username: string; role: 'staff' | 'volunteer' | 'coordinator'; communityIds: string[] }[] = [
      ...Array.from({ length: 14 }, (_, i) => ({ username: `staff-x-${i}`, role: 'staff' as const, communityIds: [x] })),
      ...Array.from({ length: 14 }, (_, i) => ({ username: `staff-y-${i}`, role: 'staff' as const, communityIds: [y] })),
      { username: 'volunteer-x', role: 'volunteer', communityIds: [x] },
      { username: 'coordinator', role: 'coordinator', communityIds: [] },
    ];
    for (const person of people)
      await storage.createUser({ id: newId(), ...person, displayName: person.username, disabled: false, passwordHash }, new Date().toISOString());
    const world = httpWorld(nextUrl);
    const phones = people.map((person) => new Phone(world, person.username, person.username));
    for (const phone of phones) {
      const login = await call('POST', '/auth/login', { body: { username: phone.username, password: 'simulation' } });
      expect(login.status).toBe(200);
      phone.token = login.body!.token as string;
    }
    const communityOf = (phone: Phone) => (phone.username.includes('-y') ? y : phone.username === 'coordinator' ? pick([x, y]) : x);
    // Records every community member edits: everyone writes the same fields of them at once.
    const shared = { [x]: Array.from({ length: 4 }, newId), [y]: Array.from({ length: 4 }, newId) };
    for (const [community, writer] of [
      [x, phones[0]!],
      [y, phones[14]!],
    ] as const) {
      for (const docId of shared[community]!)
        writer.write('assets', docId, { communityId: community, name: `${docId.slice(0, 4)}`, category: 'natural', createdAt: new Date().toISOString() });
      await writer.syncUntilDone();
    }
    for (let round = 0; round < 6; round += 1) {
      for (const phone of phones) {
        const community = communityOf(phone);
        for (let n = 0; n < 1 + Math.floor(random() * 3); n += 1) {
          if (phone.username === 'volunteer-x' || random() < 0.4) {
            phone.write('assets', newId(), {
              communityId: community,
              name: `${phone.name} ${round}.${n}`,
              category: 'natural',
              createdAt: new Date().toISOString(),
            });
          } else {
            phone.write('assets', pick(shared[community]!), { [pick(['name', 'description'])]: `${phone.name} ${round}.${n}` });
          }
        }
        // Now and then a staff member of X shares one of X's records with Y, or stops sharing it.
        if (phone.username.startsWith('staff-x') && random() < 0.1) phone.write('assets', pick(shared[x]!), { sharedWith: random() < 0.5 ? [y] : [] });
      }
      // Everyone syncs at once; each request goes to the next instance.
      await Promise.all(phones.map((phone) => phone.syncUntilDone()));
    }
    // Everyone once more, one after another, to take in what the others sent last.
    for (const phone of phones) await phone.pullAlone();
    await expectPhonesMatchServer(storage, phones);
    const db = await openRawDatabase(dataDir, { readonly: true });
    try {
      const repeated = await db.all('SELECT seq, COUNT(*) AS n FROM docs GROUP BY seq HAVING COUNT(*) > 1');
      expect(repeated).toEqual([]);
      const [counter] = await db.all("SELECT value FROM server_state WHERE key = 'seq'");
      const [highest] = await db.all('SELECT MAX(seq) AS seq FROM docs');
      expect(Number(highest!.seq)).toBe(Number(counter!.value));
    } finally {
      await db.close();
    }
    // Every shared record holds a value one of its writers wrote, on every phone alike (checked
    // above) and as the server merged it: none lost to two instances writing it at once.
    for (const docId of shared[x]!) expect((await storage.getDoc('assets', docId))!.fields.name).toMatch(/^(staff-x-\d+|coordinator) \d\.\d$|^[0-9a-f]{4}$/);
  }, 600_000);

  it('count failed sign-ins on all of them together: after five, the right password is refused by every instance', async () => {
    for (let guess = 0; guess < 5; guess += 1) {
      const wrong = await call('POST', '/auth/login', { url: urls[guess % urls.length], body: { username: 'staff-y-3', password: `wrong-${guess}` } });
      expect(wrong.status).toBe(401);
    }
    for (const url of urls) expect((await call('POST', '/auth/login', { url, body: { username: 'staff-y-3', password: 'simulation' } })).status).toBe(429);
  });

  it('serve a file uploaded through one instance from the others, and hold the day’s upload limit across them', async () => {
    const token = (await call('POST', '/auth/login', { body: { username: 'staff-x-1', password: 'simulation' } })).body!.token as string;
    const photo = blobOf('uploaded through the first instance');
    expect((await call('PUT', `/blobs/${photo.hash}`, { token, raw: photo.bytes, url: urls[0] })).status).toBe(201);
    const community = (await inProcess[0]!.storage.userByName('staff-x-1'))!.communityIds[0]!;
    const docId = newId();
    const phone = new Phone(
      httpWorld(() => urls[1]!),
      'uploader',
      'staff-x-1',
      token,
    );
    phone.write('assets', docId, {
      communityId: community,
      name: 'Көпүрө',
      category: 'natural',
      createdAt: new Date().toISOString(),
      photos: [attachment(photo.hash)],
    });
    await phone.syncUntilDone();
    const reader = (await call('POST', '/auth/login', { body: { username: 'staff-x-2', password: 'simulation' } })).body!.token as string;
    for (const url of urls.slice(1)) {
      const fetched = await fetch(`${url}/api/v1/blobs/${photo.hash}`, { headers: { authorization: `Bearer ${reader}` } });
      expect(fetched.status).toBe(200);
      expect(Buffer.from(await fetched.arrayBuffer()).equals(Buffer.from(photo.bytes))).toBe(true);
    }
    // Three files of 0.6 MB at once, one to each instance, against a day of 1 MB: one passes.
    const big = urls.map((_, index) => {
      const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600_000, index + 1)]));
      return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
    });
    const statuses = await Promise.all(
      big.map((file, index) => call('PUT', `/blobs/${file.hash}`, { token, raw: file.bytes, url: urls[index] }).then((answer) => answer.status)),
    );
    expect(statuses.sort()).toEqual([201, 429, 429]);
  }, 120_000);
});

describe('three instances started at once on an empty database', () => {
  it('apply each migration once and make one admin', async () => {
    const name = `empty_${newId().replace(/-/g, '').slice(0, 12)}`;
    const admin = await openPostgresPool(postgresUrl('postgres'), 1);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
    await admin.end();
    // Three server processes, released together.
    const started = await Promise.all([0, 1, 2].map(() => startProcess(name, { ASHAR_ADMIN_PASSWORD: 'several-at-once' })));
    try {
      expect(started.filter((instance) => instance.output().includes('Created the user "admin"'))).toHaveLength(1);
      const db = await openPostgresPool(postgresUrl(name), 1);
      try {
        const migrations = (await db.query<{ name: string }>('SELECT name FROM migrations ORDER BY name')).rows.map((row) => row.name);
        expect(migrations).toEqual(
          readdirSync(MIGRATIONS)
            .filter((file) => file.endsWith('.sql'))
            .sort(),
        );
        expect((await db.query('SELECT username FROM users')).rows).toEqual([{ username: 'admin' }]);
      } finally {
        await db.end();
      }
      for (const instance of started) {
        const login = await call('POST', '/auth/login', { url: instance.url, body: { username: 'admin', password: 'several-at-once' } });
        expect(login.status).toBe(200);
      }
    } finally {
      for (const instance of started) await instance.stop();
    }
  }, 120_000);
});
