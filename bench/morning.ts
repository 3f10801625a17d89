// `npm run bench:morning`: the national morning sync. 10,000 phones in 453 communities each do
// their morning's sync on an open schedule (arrivals at their own times, not paced by answers):
// half have nothing to send, most of the rest a few changes, some a hundred, some pull their whole
// community (a new phone), a fifth also upload 1–5 photos, and some sign in first. Run against one
// SQLite server process and against two instances over PostgreSQL, at 1×, 2×, 5× and 10× the rate
// that fits the whole morning into an hour (10,000 / 3,600 s ≈ 2.8 phones a second).
//
// Each rate runs for a slice of the morning (BENCH_SECONDS of arrivals, 60 by default), not the
// whole hour: the question is whether the servers keep up with that rate (sessions finish as fast
// as they arrive, with bounded latency), which a slice answers. The databases hold the morning's
// starting point: 453 communities, 10,000 accounts, 40 records per community, every phone's cursor
// where yesterday's sync left it. The server processes and the database run on this machine, beside
// this load generator.
//
// Prints a table per backend and rate and, last, one JSON line. BENCH_BACKENDS=sqlite,postgres and
// BENCH_MULTIPLES=1,2,5,10 choose what runs.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeHlc } from '../src/core/hlc';
import { newId } from '../src/core/ids';
import { audienceOf, readerKeys } from '../server/audience';
import { hashPassword, hashToken } from '../server/auth';
import { cursorSecret, encodeCursor } from '../server/cursor';
import { openPostgresPool, openPostgresStorage } from '../server/storage/postgres';
import { openSqliteStorage } from '../server/storage/sqlite';
import type { Storage } from '../server/storage/types';
import { startCluster, type Cluster } from '../test/postgres/cluster';
import { placeholderDist, spawnServer, type ServerProcess } from '../test/server/server-process';

const PHONES = Number(process.env.BENCH_PHONES ?? 10_000);
const COMMUNITIES = 453;
const RECORDS_PER_COMMUNITY = 40;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const MULTIPLES = (process.env.BENCH_MULTIPLES ?? '1,2,5,10').split(',').map(Number);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
/** Phones a second at 1×: the whole morning in an hour. */
const BASE_RATE = PHONES / 3600;
/** After the last arrival, how long sessions still running may take before they count as unfinished. */
const DRAIN_MS = 120_000;
const CLK_TCK = 100;

function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20261205);

interface PhoneAccount {
  username: string;
  userId: string;
  communityId: string;
  token: string;
  cursor: string;
}

const WORDS = ['суу', 'булак', 'мектеп', 'көпүрө', 'жайыт', 'айыл', 'түтүк', 'бак', 'жол', 'клуб', 'жаштар', 'аялдар', 'оңдоо', 'бюджет', 'грант'];
const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
let stampCounter = 0;
const stamp = (node: string) => encodeHlc({ wallMs: Date.now(), counter: (stampCounter += 1) % 10_000, node });

function assetFields(communityId: string) {
  return {
    communityId,
    name: words(3),
    category: 'natural',
    description: words(20),
    createdAt: new Date().toISOString(),
  };
}

/** The morning's starting point, written straight into the database (the server is not running yet). */
async function populate(storage: Storage): Promise<PhoneAccount[]> {
  const passwordHash = await hashPassword('morning-password');
  const now = new Date().toISOString();
  const communityIds = Array.from({ length: COMMUNITIES }, newId);
  const accounts: PhoneAccount[] = [];
  await storage.transaction(async (tx) => {
    for (const [index, id] of communityIds.entries())
      await tx.createCommunity({ id, name: { ky: `Айыл ${index}`, ru: `Айыл ${index}`, en: `Village ${index}` }, rayonId: null, code: null, createdAt: now });
    for (let index = 0; index < PHONES; index += 1) {
      const userId = newId();
      const communityId = communityIds[index % COMMUNITIES]!;
      const username = `phone-${index}`;
      await tx.createUser(
        {
          id: userId,
          username,
          displayName: username,
          role: index % 5 === 0 ? 'volunteer' : 'staff',
          communityIds: [communityId],
          disabled: false,
          passwordHash,
        },
        now,
      );
      const token = `morning-token-${index}-${newId()}`;
      await tx.createToken({
        id: newId(),
        userId,
        tokenHash: hashToken(token),
        deviceName: 'bench',
        createdAt: now,
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        revokedAt: null,
      });
      accounts.push({ username, userId, communityId, token, cursor: '' });
    }
  });
  for (const communityId of communityIds) {
    await storage.transaction(async (tx) => {
      for (let n = 0; n < RECORDS_PER_COMMUNITY; n += 1) {
        const fields = { ...assetFields(communityId), createdBy: 'bench' };
        const hlc = stamp('yesterday');
        const doc = {
          collection: 'assets' as const,
          docId: newId(),
          communityId,
          createdBy: accounts[0]!.userId,
          fields,
          deleted: false,
          eventId: null,
          meta: {},
        };
        await tx.putDoc({ ...doc, versions: Object.fromEntries(Object.keys(fields).map((field) => [field, hlc])), audience: audienceOf(doc) });
      }
    });
  }
  // Yesterday's sync left each phone's cursor at the end of the history as it was then.
  await storage.transaction(async (tx) => {
    await tx.startEpoch(now, 'bench');
    const secret = await cursorSecret(tx);
    const epoch = (await tx.epochs()).at(-1)!.id;
    const seq = await tx.currentSeq();
    for (const account of accounts) {
      const keys = readerKeys({ id: account.userId, role: 'staff', communityIds: [account.communityId], position: null });
      account.cursor = await encodeCursor(tx, { epoch, horizon: seq, seq, complete: keys, gaining: {}, losing: {} }, secret, account.userId);
    }
  });
  return accounts;
}

type Instance = ServerProcess & { url: string };

/** One server process, as `npm start` runs it, behind a proxy on this machine (the load generator). */
async function startInstance(env: Record<string, string>, dataDir: string): Promise<Instance> {
  const server = spawnServer({ ...env, ASHAR_DATA_DIR: dataDir, ASHAR_DIST_DIR: placeholderDist(dataDir), ASHAR_TRUST_PROXY: '127.0.0.1' });
  return { ...server, url: await server.running };
}

/**
 * CPU seconds used so far by these processes (user + system, from /proc), with `children` that of
 * their children which have ended too (PostgreSQL's backends come and go: the postmaster is
 * charged for each once it has ended).
 */
function cpuSeconds(pids: number[], children = false): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      // gone
    }
  }
  return ticks / CLK_TCK;
}

/** CPU seconds of the whole PostgreSQL server so far: its processes now, and those that have ended. */
const databaseCpuSeconds = () => cpuSeconds(postgresPids(), true);

/** The PostgreSQL server's processes (the cluster's postmaster and its backends). */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

type Endpoint = 'login' | 'sync' | 'upload';
interface Outcome {
  endpoint: Endpoint;
  ms: number;
  status: number;
}

/** One phone's morning, against the instances in turn. */
async function morningOf(account: PhoneAccount, index: number, next: () => string, record: (outcome: Outcome) => void): Promise<void> {
  const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const call = async (endpoint: Endpoint, path: string, init: { method: string; body?: string | Uint8Array<ArrayBuffer>; type: string; token?: string }) => {
    const started = performance.now();
    let status: number;
    let text = '';
    try {
      const response = await fetch(`${next()}/api/v1${path}`, {
        method: init.method,
        headers: { 'content-type': init.type, 'x-forwarded-for': address, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      status = response.status;
      text = await response.text();
    } catch {
      status = 0;
    }
    record({ endpoint, ms: performance.now() - started, status });
    return { status, text };
  };
  let token = account.token;
  const roll = random();
  if (roll < 0.02) {
    const login = await call('login', '/auth/login', {
      method: 'POST',
      type: 'application/json',
      body: JSON.stringify({ username: account.username, password: 'morning-password' }),
    });
    if (login.status !== 200) return;
    token = (JSON.parse(login.text) as { token: string }).token;
  }
  const kind = random();
  // Half nothing to send; 3% a new phone pulling its whole community; 2% a hundred changes; the rest a few.
  let cursor: string | null = kind < 0.03 ? null : account.cursor;
  const count = kind < 0.5 ? 0 : kind < 0.52 ? 100 : 1 + Math.floor(random() * 5);
  const changes = Array.from({ length: count }, () => ({
    id: newId(),
    collection: 'assets',
    docId: newId(),
    hlc: stamp(`p${index}`),
    set: assetFields(account.communityId),
  }));
  for (let round = 0; round < 100; round += 1) {
    const batch = changes.splice(0, 50);
    const answer = await call('sync', '/sync', {
      method: 'POST',
      type: 'application/json',
      token,
      body: JSON.stringify({ clientId: `bench-phone-${index}`, cursor, changes: batch }),
    });
    if (answer.status !== 200) return;
    const body = JSON.parse(answer.text) as { cursor: string; more: boolean };
    cursor = body.cursor;
    if (!body.more && changes.length === 0) break;
  }
  if (random() < 0.2) {
    const photos = 1 + Math.floor(random() * 5);
    for (let n = 0; n < photos; n += 1) {
      const bytes = new Uint8Array(
        Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(newId()), Buffer.alloc(60_000 + Math.floor(random() * 100_000), n)]),
      );
      const hash = createHash('sha256').update(bytes).digest('hex');
      const answer = await call('upload', `/blobs/${hash}`, { method: 'PUT', type: 'image/jpeg', token, body: bytes });
      if (answer.status !== 200 && answer.status !== 201) return;
    }
  }
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!);

interface RunResult {
  backend: string;
  multiple: number;
  arrived: number;
  finished: number;
  finishedWithinSlice: number;
  perEndpoint: Record<string, { requests: number; p50: number; p95: number; p99: number; errorRate: number; rate429: number }>;
  serverCpuMsPerRequest: number;
  databaseCpuMsPerRequest: number | null;
}

async function runRate(backend: string, multiple: number, accounts: PhoneAccount[], instances: Instance[], usedSoFar: { next: number }): Promise<RunResult> {
  const rate = BASE_RATE * multiple;
  const outcomes: Outcome[] = [];
  let turn = 0;
  const next = () => instances[turn++ % instances.length]!.url;
  const serverPids = instances.map((instance) => instance.proc.pid!);
  const cpuBefore = { server: cpuSeconds(serverPids), db: backend === 'postgres' ? databaseCpuSeconds() : 0 };
  const start = performance.now();
  const sessions: Promise<void>[] = [];
  let finished = 0;
  let arrivals = 0;
  // Arrivals as a Poisson process at `rate`, for SECONDS: each phone starts when its time comes.
  let at = 0;
  for (;;) {
    at += (-Math.log(1 - random()) / rate) * 1000;
    if (at > SECONDS * 1000) break;
    const account = accounts[usedSoFar.next % accounts.length]!;
    const index = usedSoFar.next;
    usedSoFar.next += 1;
    arrivals += 1;
    const wait = at - (performance.now() - start);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sessions.push(
      morningOf(account, index, next, (outcome) => outcomes.push(outcome)).then(() => {
        finished += 1;
      }),
    );
  }
  const finishedInSlice = finished;
  await Promise.race([Promise.allSettled(sessions), new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);
  const cpuAfter = { server: cpuSeconds(serverPids), db: backend === 'postgres' ? databaseCpuSeconds() : 0 };
  const perEndpoint: RunResult['perEndpoint'] = {};
  for (const endpoint of ['sync', 'login', 'upload'] as const) {
    const mine = outcomes.filter((outcome) => outcome.endpoint === endpoint);
    const sorted = mine.map((outcome) => outcome.ms).sort((a, b) => a - b);
    perEndpoint[endpoint] = {
      requests: mine.length,
      p50: Math.round(percentile(sorted, 50)),
      p95: Math.round(percentile(sorted, 95)),
      p99: Math.round(percentile(sorted, 99)),
      errorRate: mine.length ? mine.filter((o) => o.status !== 429 && (o.status < 200 || o.status >= 300)).length / mine.length : 0,
      rate429: mine.length ? mine.filter((o) => o.status === 429).length / mine.length : 0,
    };
  }
  return {
    backend,
    multiple,
    arrived: arrivals,
    finished,
    finishedWithinSlice: finishedInSlice,
    perEndpoint,
    serverCpuMsPerRequest: Math.round((((cpuAfter.server - cpuBefore.server) * 1000) / Math.max(1, outcomes.length)) * 10) / 10,
    databaseCpuMsPerRequest: backend === 'postgres' ? Math.round((((cpuAfter.db - cpuBefore.db) * 1000) / Math.max(1, outcomes.length)) * 10) / 10 : null,
  };
}

async function benchBackend(backend: 'sqlite' | 'postgres'): Promise<RunResult[]> {
  const workDir = mkdtempSync(join(tmpdir(), `ashar-morning-${backend}-`));
  let cluster: Cluster | null = null;
  const instances: Instance[] = [];
  try {
    let env: Record<string, string> = {};
    let storage: Storage;
    if (backend === 'sqlite') {
      storage = openSqliteStorage(join(workDir, 'ashar.sqlite'));
    } else {
      cluster = await startCluster();
      const admin = await openPostgresPool(cluster.url, 1);
      await admin.query('CREATE DATABASE morning');
      await admin.end();
      env = { ASHAR_DATABASE_URL: cluster.urlOf('morning') };
      storage = await openPostgresStorage(cluster.urlOf('morning'));
    }
    const began = performance.now();
    const accounts = await populate(storage);
    await storage.close();
    console.log(`${backend}: the morning's starting point written in ${((performance.now() - began) / 1000).toFixed(0)} s`);
    for (let n = 0; n < (backend === 'sqlite' ? 1 : 2); n += 1) instances.push(await startInstance(env, workDir));
    // Warm up (compiled code paths, database connections): twenty mornings, not counted.
    let turn = 0;
    for (let n = 0; n < 20; n += 1)
      await morningOf(
        accounts[accounts.length - 1 - n]!,
        accounts.length - 1 - n,
        () => instances[turn++ % instances.length]!.url,
        () => undefined,
      );
    const results: RunResult[] = [];
    const used = { next: 0 };
    for (const multiple of MULTIPLES) {
      const result = await runRate(backend, multiple, accounts, instances, used);
      results.push(result);
      print(result);
    }
    return results;
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    cluster?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function print(result: RunResult) {
  console.log(
    `\n${result.backend} at ${result.multiple}× (${(BASE_RATE * result.multiple).toFixed(1)} phones/s for ${SECONDS} s): ${result.arrived} phones arrived, ${result.finishedWithinSlice} done by the end of the slice, ${result.finished} in all`,
  );
  console.log('| endpoint | requests | p50 ms | p95 ms | p99 ms | errors | 429 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [endpoint, row] of Object.entries(result.perEndpoint))
    console.log(
      `| ${endpoint} | ${row.requests} | ${row.p50} | ${row.p95} | ${row.p99} | ${(row.errorRate * 100).toFixed(1)} % | ${(row.rate429 * 100).toFixed(1)} % |`,
    );
  console.log(
    `CPU per request: server ${result.serverCpuMsPerRequest} ms${result.databaseCpuMsPerRequest !== null ? `, PostgreSQL ${result.databaseCpuMsPerRequest} ms` : ''}`,
  );
}

const all: RunResult[] = [];
for (const backend of BACKENDS) all.push(...(await benchBackend(backend)));
const summary = Object.fromEntries(
  BACKENDS.map((backend) => {
    const runs = all.filter((run) => run.backend === backend);
    const over = runs.find((run) => run.perEndpoint.sync!.p99 > 2000);
    return [
      backend,
      {
        syncP99ByMultiple: Object.fromEntries(runs.map((run) => [`${run.multiple}x`, run.perEndpoint.sync!.p99])),
        p99Over2sFromMultiple: over ? over.multiple : null,
        atOneX: runs.find((run) => run.multiple === 1) ?? null,
      },
    ];
  }),
);
console.log(JSON.stringify({ seconds: SECONDS, phones: PHONES, communities: COMMUNITIES, ...summary }));
