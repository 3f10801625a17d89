// @vitest-environment node
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, initialHlc, tickHlc, type Hlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import { applyChange } from '../../src/core/merge';
import { cursorHorizon, type Change, type DocState, type SyncResponse } from '../../src/core/protocol';
import { buildApp } from '../../server/app';
import { keysMeet, readerKeys } from '../../server/audience';
import { hashPassword } from '../../server/auth';
import { canonicalJson } from '../../server/canonical-json';
import { backupDatabase, restoreDatabase } from '../../server/database-copy';
import { openSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { seededRandom, simSeed } from './seeded-random';

// Who may read what changes while phones are offline: a volunteer moves between communities, staff
// share records with the neighbour community and take them back, and midway the server's database
// is restored from an older copy. Requests and answers are lost, repeated and reordered. Once
// everyone is back online, every phone holds exactly the documents its person may read, each equal
// to the server's. The seed is fixed so a failure can be replayed; SIM_SEED explores others
// (`npm run sim:soak`).

const SEED = simSeed(20261205);
const { random, pick, id: seededId } = seededRandom(SEED);

let workDir: string;
let storage: Storage;
let app: FastifyInstance;
let now = Date.UTC(2026, 11, 1);
const dbFile = () => join(workDir, 'sim.sqlite');

async function startServer() {
  storage = openSqliteStorage(dbFile());
  app = await buildApp({ storage, blobDir: join(workDir, 'blobs'), version: 'sim', now: () => now });
}

/**
 * A phone as the protocol sees it: the server's state of each document it holds, its unsent
 * changes on top, and what it does on withdrawals, a restore (send what it holds again, pull from
 * the start, then drop what the pull did not bring) and refusals (kept, never sent again).
 */
class Phone {
  clock: Hlc;
  held = new Map<string, DocState>();
  pending: (Change & { recovery?: true })[] = [];
  /** Documents with this phone's changes the server refused: kept for the person, out of the comparison. */
  refused = new Set<string>();
  /** Documents withdrawn from this phone (until the server sends them again). */
  withdrawn = new Set<string>();
  cursor: string | null = null;
  fromStart: Set<string> | null = new Set();
  inFlight: { changes: Change[]; cursor: string | null }[] = [];

  constructor(
    readonly name: string,
    readonly username: string,
    public token = '',
  ) {
    this.clock = initialHlc(name);
  }

  stamp(): string {
    this.clock = tickHlc(this.clock, now);
    return encodeHlc(this.clock);
  }

  write(collection: Change['collection'], docId: string, set: Record<string, unknown>) {
    this.pending.push({ id: newId(), collection, docId, hlc: this.stamp(), set });
  }

  async send(request: { changes: Change[]; cursor: string | null }, deliver: boolean): Promise<boolean> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        clientId: `sim-${this.name}-phone`,
        cursor: request.cursor,
        changes: request.changes.map(({ recovery: _r, ...change }: Change & { recovery?: true }) => change),
      }),
    });
    expect(response.statusCode).toBe(200);
    if (!deliver) return true;
    const body = response.json() as SyncResponse;
    this.receive(body);
    return body.more || this.pending.length > 0;
  }

  receive(response: SyncResponse) {
    const acked = new Set(response.acked);
    for (const change of this.pending.filter((item) => acked.has(item.id))) {
      if (this.withdrawn.has(change.docId)) continue;
      this.held.set(change.docId, applyChange(this.held.get(change.docId) ?? null, change));
      this.fromStart?.add(change.docId);
    }
    const refusals = new Map(response.rejected.map((rejection) => [rejection.id, rejection.code]));
    for (const change of this.pending.filter((item) => refusals.has(item.id))) {
      // What it sent again after a restore and may not write is the server's to keep: dropped.
      if (!change.recovery) this.refused.add(change.docId);
    }
    this.pending = this.pending.filter((change) => !acked.has(change.id) && !refusals.has(change.id));
    // A late answer holds older states; an answer saying the server lost history never is one.
    if (!response.reset && this.cursor !== null && cursorHorizon(response.cursor) < cursorHorizon(this.cursor)) return;
    if (response.reset) this.startAgain();
    for (const { conflicts: _shown, ...doc } of response.docs) {
      if (!doc.withdrawn) {
        this.held.set(doc.docId, doc);
        this.withdrawn.delete(doc.docId);
        this.fromStart?.add(doc.docId);
      } else {
        // The record goes; this phone's unsent changes to it stay (and are refused, or were
        // applied before the person lost it): never laid on a record it may not read.
        this.held.delete(doc.docId);
        this.withdrawn.add(doc.docId);
        this.fromStart?.delete(doc.docId);
      }
    }
    this.cursor = response.cursor;
    // Once the pull is done and nothing sent again waits: a record kept only for a change sent
    // again (and refused: another community's) goes too.
    if (this.fromStart && !response.reset && !response.more && !this.pending.some((change) => change.recovery)) {
      for (const docId of [...this.held.keys()]) {
        if (!this.fromStart.has(docId) && !this.pending.some((change) => change.docId === docId)) this.held.delete(docId);
      }
      this.fromStart = null;
    }
  }

  /** The server lost history: send everything held with its own stamps, and pull from the start. */
  startAgain() {
    for (const [docId, doc] of this.held) {
      const stamps = [
        ...new Set(
          Object.entries(doc.versions)
            .filter(([field]) => field !== '_deleted')
            .map(([, hlc]) => hlc),
        ),
      ].sort();
      stamps.forEach((hlc, index) => {
        const fields = index === 0 ? Object.keys(doc.fields) : Object.keys(doc.fields).filter((field) => doc.versions[field] === hlc);
        this.pending.push({
          id: newId(),
          collection: doc.collection,
          docId,
          hlc,
          set: Object.fromEntries(fields.map((field) => [field, doc.fields[field]])),
          recovery: true,
        });
      });
      if (doc.deleted && doc.versions._deleted)
        this.pending.push({ id: newId(), collection: doc.collection, docId, hlc: doc.versions._deleted, deleted: true, recovery: true });
    }
    this.fromStart = new Set();
  }

  async flakySync() {
    const request = { changes: this.pending.slice(0, 1 + Math.floor(random() * 8)), cursor: this.cursor };
    const roll = random();
    if (roll < 0.15) return;
    if (roll < 0.3) {
      this.inFlight.push(request);
      return;
    }
    await this.send(request, random() > 0.2);
    if (random() < 0.2) await this.send(request, random() > 0.5);
    if (this.inFlight.length > 0 && random() < 0.5) await this.send(this.inFlight.splice(Math.floor(random() * this.inFlight.length), 1)[0]!, random() > 0.5);
  }

  async syncUntilDone() {
    for (let round = 0; round < 200; round += 1) {
      if (!(await this.send({ changes: this.pending.slice(0, 50), cursor: this.cursor }, true))) return;
    }
    throw new Error(`${this.name} did not finish syncing`);
  }
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'ashar-sim-audience-'));
});
afterAll(async () => {
  await app.close();
  storage.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe(`audiences converge (SIM_SEED=${SEED})`, () => {
  it('leaves every phone holding exactly what its person may read, equal to the server, through membership changes, sharing and a restore', async () => {
    await startServer();
    const [a, b] = [seededId(), seededId()];
    for (const [id, name] of [
      [a, 'Ак-Сай'],
      [b, 'Кара-Бак'],
    ] as const)
      storage.createCommunity({ id, name: { ky: name, ru: '', en: '' }, rayonId: null, code: null, createdAt: new Date(now).toISOString() });
    const users = { 'staff-a': ['staff', [a]], 'staff-b': ['staff', [b]], volunteer: ['volunteer', [a]], coordinator: ['coordinator', []] } as const;
    const ids: Record<string, string> = {};
    for (const [username, [role, communityIds]] of Object.entries(users)) {
      ids[username] = seededId();
      storage.createUser(
        {
          id: ids[username]!,
          username,
          displayName: username,
          role,
          communityIds: [...communityIds],
          disabled: false,
          passwordHash: await hashPassword('simulation'),
        },
        new Date(now).toISOString(),
      );
    }
    const phones = Object.keys(users).map((username) => new Phone(username, username));
    for (const phone of phones) {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: phone.username, password: 'simulation' } });
      phone.token = (login.json() as { token: string }).token;
    }
    const [staffA, staffB, volunteer, coordinator] = phones as [Phone, Phone, Phone, Phone];
    const docsOf = { [a]: Array.from({ length: 5 }, seededId), [b]: Array.from({ length: 5 }, seededId) };
    for (const [community, writer] of [
      [a, staffA],
      [b, staffB],
    ] as const) {
      for (const docId of docsOf[community]!)
        writer.write('assets', docId, {
          communityId: community,
          name: `${writer.name} ${docId.slice(0, 4)}`,
          category: 'natural',
          createdAt: new Date(now).toISOString(),
        });
      await writer.syncUntilDone();
    }
    const volunteerCommunities = [[a], [a, b], [b]] as const;
    const copy = join(workDir, 'copy.sqlite');
    const restoreAt = 240;
    for (let step = 0; step < 400; step += 1) {
      now += Math.floor(random() * 5000);
      if (step === 120) await backupDatabase(dbFile(), copy);
      if (step === restoreAt) {
        await app.close();
        storage.close();
        await restoreDatabase(copy, dbFile());
        await startServer();
      }
      const roll = random();
      if (roll < 0.05) {
        storage.updateUser(ids.volunteer!, { communityIds: [...pick(volunteerCommunities)] });
      } else if (roll < 0.12) {
        const docId = pick(docsOf[a]!);
        staffA.write('assets', docId, { sharedWith: random() < 0.5 ? [b] : [] });
      } else if (roll < 0.45) {
        const phone = pick(phones);
        const readable = [...phone.held.values()].filter((doc) => !doc.deleted && doc.collection === 'assets');
        const mine = phone === volunteer ? readable.filter((doc) => doc.fields.createdBy === ids.volunteer) : readable;
        if (phone === volunteer && random() < 0.5) {
          const community = pick(readerKeys(storage.userById(ids.volunteer!)!).filter((key) => key.startsWith('community:'))).slice('community:'.length);
          phone.write('assets', seededId(), {
            communityId: community,
            name: `v ${Math.floor(random() * 1000)}`,
            category: 'human',
            createdAt: new Date(now).toISOString(),
          });
        } else if (mine.length > 0) {
          phone.write('assets', pick(mine).docId, { description: `${phone.name} ${Math.floor(random() * 1e6)}` });
        }
      } else {
        await pick(phones).flakySync();
      }
    }
    for (const phone of phones) for (const late of phone.inFlight.splice(0)) await phone.send(late, false);
    for (let pass = 0; pass < 2; pass += 1) for (const phone of phones) await phone.syncUntilDone();

    expect(coordinator.held.size).toBeGreaterThan(10);
    for (const phone of phones) {
      const user = storage.userByName(phone.username)!;
      const keys = readerKeys(user);
      const readable = new Map<string, string>();
      for (const doc of storage.docsChangedAfter(0, keys, 1_000_000).docs) {
        if (keysMeet(keys, doc.audience)) readable.set(doc.docId, canonicalJson({ fields: doc.fields, versions: doc.versions, deleted: doc.deleted }));
      }
      const held = new Map<string, string>();
      for (const [docId, doc] of phone.held) {
        if (phone.refused.has(docId) && !readable.has(docId)) continue;
        held.set(docId, canonicalJson({ fields: doc.fields, versions: doc.versions, deleted: doc.deleted }));
      }
      expect(phone.pending, phone.name).toEqual([]);
      expect([...held.keys()].sort(), `${phone.name} holds exactly what it may read`).toEqual([...readable.keys()].sort());
      for (const [docId, state] of readable) expect(held.get(docId), `${phone.name} ${docId}`).toBe(state);
    }
  }, 120_000);
});
