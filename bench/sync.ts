// `npm run bench:sync`: 10,000 realistic assets pushed from one device to the real server and
// pulled by a fresh device, through the real client engine (Dexie on fake-indexeddb) over HTTP; then
// a reader of another community added to this one and removed again.
// A counting TCP proxy sits between them, so bytes are what crosses the wire, headers included.
// Prints a table and, last, one JSON line.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { newId } from '../src/core/ids';
import { ASSET_CATEGORIES, ASSET_CONDITIONS } from '../src/core/model';
import { AsharDb } from '../src/db/database';
import { writeDoc } from '../src/db/docs';
import { signIn } from '../src/sync/account';
import { syncNow } from '../src/sync/engine';
import { buildApp } from '../server/app';
import { ensureAdmin } from '../server/bootstrap';
import { openSqliteStorage } from '../server/storage/sqlite';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const RTT_MS = 300;
const DOWN_BPS = 50_000;
const UP_BPS = 25_000;

const WORDS = [
  'суу',
  'булак',
  'мектеп',
  'көпүрө',
  'жайыт',
  'айыл',
  'түтүк',
  'бак',
  'жол',
  'клуб',
  'кооператив',
  'жаштар',
  'аялдар',
  'тобу',
  'оңдоо',
  'керек',
  'жакшы',
  'абалда',
  'жамааттын',
  'салымы',
  'бюджет',
  'грант',
  'кышында',
  'жайында',
];

function seeded(seed: number) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const random = seeded(42);
const sentence = (min: number, max: number) => {
  const target = min + Math.floor(random() * (max - min));
  let text = '';
  while (text.length < target) text += (text ? ' ' : '') + WORDS[Math.floor(random() * WORDS.length)];
  return text.slice(0, max);
};

interface Counter {
  up: number;
  down: number;
  connections: number;
}

/** Forwards 127.0.0.1:<port> to the server and counts every byte each way. */
async function countingProxy(target: number): Promise<{ port: number; counter: Counter; close: () => void }> {
  const counter: Counter = { up: 0, down: 0, connections: 0 };
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    counter.connections += 1;
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => (counter.up += chunk.length));
    upstream.on('data', (chunk: Buffer) => (counter.down += chunk.length));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as { port: number }).port,
    counter,
    close: () => {
      for (const s of sockets) s.destroy();
      proxy.close();
    },
  };
}

function countingFetch(base: string, log: { requests: number; waitMs?: number }): typeof fetch {
  return (async (path: string, init?: RequestInit) => {
    if (path.includes('/sync')) log.requests += 1;
    const started = performance.now();
    // What Chromium on a phone sends.
    const headers = { ...(init?.headers as Record<string, string> | undefined), 'Accept-Encoding': 'gzip, deflate, br' };
    const response = await fetch(`${base}${path}`, { ...init, headers });
    const body = await response.arrayBuffer();
    if (process.env.BENCH_DEBUG && path.includes('/sync')) {
      const parsed = JSON.parse(new TextDecoder().decode(body)) as { docs?: unknown[]; acked?: unknown[] };
      console.log('response docs', parsed.docs?.length, 'acked', parsed.acked?.length, body.byteLength);
    }
    log.waitMs = (log.waitMs ?? 0) + (performance.now() - started);
    return new Response(body, { status: response.status, headers: response.headers });
  }) as typeof fetch;
}

const workDir = mkdtempSync(join(tmpdir(), 'ashar-bench-'));
const storage = openSqliteStorage(join(workDir, 'bench.sqlite'));
await ensureAdmin(storage, 'bench-admin-password');
const app = await buildApp({ storage, blobDir: join(workDir, 'blobs'), version: 'bench' });
await app.listen({ host: '127.0.0.1', port: 0 });
const serverPort = (app.server.address() as { port: number }).port;
const proxy = await countingProxy(serverPort);
const base = `http://127.0.0.1:${proxy.port}`;

const adminFetch = (path: string, body: unknown, token?: string) =>
  fetch(`http://127.0.0.1:${serverPort}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, string>>);
const { token: adminToken } = await adminFetch('/auth/login', { username: 'admin', password: 'bench-admin-password' });
const { id: communityId } = await adminFetch('/communities', { name: { ky: 'Бенч' } }, adminToken);
await adminFetch('/users', { username: 'bench', password: 'bench-password', displayName: 'Bench', role: 'staff', communityIds: [communityId] }, adminToken);

const deviceA = new AsharDb('bench-a');
const log: { requests: number; waitMs?: number } = { requests: 0, waitMs: 0 };
await signIn(deviceA, 'bench', 'bench-password', 'A', countingFetch(base, { requests: 0 }));
for (let i = 0; i < COUNT; i += 1) {
  await writeDoc(deviceA, 'assets', newId(), {
    communityId,
    name: `${sentence(8, 40)} №${i + 1}`,
    category: ASSET_CATEGORIES[i % ASSET_CATEGORIES.length],
    description: sentence(100, 600),
    condition: ASSET_CONDITIONS[i % ASSET_CONDITIONS.length],
    tags: [WORDS[i % WORDS.length]!],
    location: { lat: 39.5 + random() * 3.5, lng: 69.5 + random() * 10, accuracy: Math.round(5 + random() * 40) },
  });
}
const records = await deviceA.outbox.toArray();
const floor = gzipSync(JSON.stringify(records.map((entry) => ({ docId: entry.docId, ...entry.set })))).length;

async function measure(run: () => Promise<unknown>) {
  const before = { ...proxy.counter };
  const requestsBefore = log.requests;
  const waitBefore = log.waitMs ?? 0;
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const up = proxy.counter.up - before.up;
  const down = proxy.counter.down - before.down;
  const requests = log.requests - requestsBefore;
  // Time spent waiting on the network and the server; the rest is the client (fake-indexeddb here,
  // which slows with large stores: the phone's own speed is measured in Chromium, not here).
  const serverMs = Math.round((log.waitMs ?? 0) - waitBefore);
  const modelMs = serverMs + requests * RTT_MS + (up / UP_BPS) * 1000 + (down / DOWN_BPS) * 1000;
  return { requests, up, down, ms: Math.round(ms), serverMs, modelMs: Math.round(modelMs) };
}

const push = await measure(() => syncNow(deviceA, { fetcher: countingFetch(base, log) }));
const deviceB = new AsharDb('bench-b');
await signIn(deviceB, 'bench', 'bench-password', 'B', countingFetch(base, { requests: 0 }));
const pull = await measure(() => syncNow(deviceB, { fetcher: countingFetch(base, log) }));
const pulled = await deviceB.assets.count();
if (pulled !== COUNT) throw new Error(`fresh device has ${pulled} assets, expected ${COUNT}`);

const someId = records[0]!.docId;
const oneEditPush = await measure(async () => {
  await writeDoc(deviceA, 'assets', someId, { condition: 'poor' });
  await syncNow(deviceA, { fetcher: countingFetch(base, log) });
});
const oneEditPull = await measure(() => syncNow(deviceB, { fetcher: countingFetch(base, log) }));
if ((await deviceB.assets.get(someId))?.condition !== 'poor') throw new Error('the edit did not arrive');

// A reader of another community is added to this one (all its records come, whatever the reader's
// cursor), then removed (they all leave the reader's phone).
const { id: otherId } = await adminFetch('/communities', { name: { ky: 'Башка' } }, adminToken);
const reader = await adminFetch(
  '/users',
  { username: 'reader', password: 'bench-password', displayName: 'Reader', role: 'staff', communityIds: [otherId] },
  adminToken,
);
const deviceR = new AsharDb('bench-r');
await signIn(deviceR, 'reader', 'bench-password', 'R', countingFetch(base, { requests: 0 }));
for (let i = 0; i < 20; i += 1)
  await writeDoc(deviceR, 'assets', newId(), { communityId: otherId, name: `Башка ${i}`, category: 'natural', description: sentence(100, 300) });
await syncNow(deviceR, { fetcher: countingFetch(base, log) });
const setCommunities = (communityIds: string[]) =>
  fetch(`http://127.0.0.1:${serverPort}/api/v1/users/${reader.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ communityIds }),
  });
await setCommunities([otherId!, communityId!]);
const gain = await measure(() => syncNow(deviceR, { fetcher: countingFetch(base, log) }));
if ((await deviceR.assets.count()) !== COUNT + 20)
  throw new Error(`the reader holds ${await deviceR.assets.count()} assets after joining, expected ${COUNT + 20}`);
await setCommunities([otherId!]);
const loss = await measure(() => syncNow(deviceR, { fetcher: countingFetch(base, log) }));
if ((await deviceR.assets.count()) !== 20) throw new Error(`the reader holds ${await deviceR.assets.count()} assets after leaving, expected 20`);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(`Sync benchmark: ${COUNT} assets, JSON floor (gzip of the records) ${kb(floor)} KB`);
console.log('case            requests   up KB   down KB   loopback ms (server+wire)   rural-3G model s');
for (const [name, row] of [
  ['push 10k', push],
  ['pull 10k', pull],
  ['one edit: push', oneEditPush],
  ['one edit: pull', oneEditPull],
  ['join: 10k come', gain],
  ['leave: 10k go', loss],
] as const) {
  console.log(
    `${name.padEnd(16)}${String(row.requests).padStart(8)}${kb(row.up).padStart(8)}${kb(row.down).padStart(10)}${String(row.ms).padStart(14)}${` (${row.serverMs})`.padEnd(16)}${(row.modelMs / 1000).toFixed(1).padStart(15)}`,
  );
}
console.log(`(3G model: server time + ${RTT_MS} ms round trip per request + bytes at ${DOWN_BPS / 1000} kB/s down, ${UP_BPS / 1000} kB/s up)`);

proxy.close();
await app.close();
await storage.close();
rmSync(workDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    push10k: {
      requests: push.requests,
      bytes: push.up,
      floorRatio: Math.round((push.up / floor) * 100) / 100,
      responseBytes: push.down,
      ms: push.ms,
      serverMs: push.serverMs,
      model3gMs: push.modelMs,
    },
    pull10k: {
      requests: pull.requests,
      bytes: pull.down,
      floorRatio: Math.round((pull.down / floor) * 100) / 100,
      requestBytes: pull.up,
      ms: pull.ms,
      serverMs: pull.serverMs,
      model3gMs: pull.modelMs,
    },
    oneEdit: {
      pushBytes: oneEditPush.up + oneEditPush.down,
      pullBytes: oneEditPull.up + oneEditPull.down,
      pushRequests: oneEditPush.requests,
      pullRequests: oneEditPull.requests,
    },
    join10k: { requests: gain.requests, bytes: gain.down, requestBytes: gain.up, ms: gain.ms, model3gMs: gain.modelMs },
    leave10k: { requests: loss.requests, bytes: loss.down, requestBytes: loss.up, ms: loss.ms, model3gMs: loss.modelMs },
  }),
);
