import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { encodeHlc, initialHlc, tickHlc, type Hlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import { applyChange } from '../../src/core/merge';
import { cursorHorizon, type Change, type DocState, type SyncResponse } from '../../src/core/protocol';
import { audienceOf, EVERYTHING_KEY, keysMeet, PARTS_OF, readerKeysIn } from '../../server/audience';
import { canonicalJson } from '../../server/canonical-json';
import type { Storage } from '../../server/storage/types';

// A phone of the audience simulations (audience.test.ts, teams.test.ts), as the protocol sees it.
// Records are held by collection and id, as the app keeps them.

/** What a simulation gives its phones: the server of the moment (it is restarted), its time, its dice. */
export interface SimWorld {
  app: () => FastifyInstance;
  now: () => number;
  random: () => number;
  /**
   * How often a sync carries none of the phone's unsent changes, as one already on its way when
   * they were made: its answer may withdraw a record they change. Never, when not given.
   */
  syncsWithoutChanges?: number;
  /** Sends a sync over real HTTP (to one of several instances), instead of into `app()` in the process. */
  post?: (token: string, body: string) => Promise<{ status: number; json: () => unknown }>;
}

export const docKey = (doc: { collection: string; docId: string }) => `${doc.collection}/${doc.docId}`;

/**
 * The server's state of each document the phone holds, its unsent changes on top, and what it does
 * on withdrawals, a restore (send what it holds again, pull from the start, then drop what the pull
 * did not bring) and refusals (kept, never sent again).
 */
export class Phone {
  clock: Hlc;
  held = new Map<string, DocState>();
  pending: (Change & { recovery?: true })[] = [];
  /** Documents with this phone's changes the server refused: kept for the person, out of the comparison. */
  refused = new Set<string>();
  /** How many of this phone's changes were refused, by code (changes sent again after a restore included). */
  refusalCodes = new Map<string, number>();
  /** Documents withdrawn from this phone (until the server sends them again). */
  withdrawn = new Set<string>();
  cursor: string | null = null;
  fromStart: Set<string> | null = new Set();
  inFlight: { changes: Change[]; cursor: string | null }[] = [];
  /** Whether the last answer delivered said there is more to pull. */
  more = false;

  constructor(
    private readonly world: SimWorld,
    readonly name: string,
    readonly username: string,
    public token = '',
  ) {
    this.clock = initialHlc(name);
  }

  stamp(): string {
    this.clock = tickHlc(this.clock, this.world.now());
    return encodeHlc(this.clock);
  }

  write(collection: Change['collection'], docId: string, set: Record<string, unknown>) {
    this.pending.push({ id: newId(), collection, docId, hlc: this.stamp(), set });
  }

  /** The document as the server last gave it (or as acknowledged), or undefined. */
  get(collection: Change['collection'], docId: string): DocState | undefined {
    return this.held.get(docKey({ collection, docId }));
  }

  async send(request: { changes: Change[]; cursor: string | null }, deliver: boolean): Promise<boolean> {
    const payload = JSON.stringify({
      clientId: `sim-${this.name}-phone`,
      cursor: request.cursor,
      changes: request.changes.map(({ recovery: _r, ...change }: Change & { recovery?: true }) => change),
    });
    const response = this.world.post
      ? await this.world.post(this.token, payload)
      : await this.world
          .app()
          .inject({ method: 'POST', url: '/api/v1/sync', headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, payload })
          .then((answer) => ({ status: answer.statusCode, json: () => answer.json() as unknown }));
    if (response.status !== 200) throw new Error(`${this.name}'s sync: ${response.status} ${JSON.stringify(response.json())}`);
    if (!deliver) return true;
    const body = response.json() as SyncResponse;
    this.receive(body);
    this.more = body.more;
    return body.more || this.pending.length > 0;
  }

  receive(response: SyncResponse) {
    const acked = new Set(response.acked);
    for (const change of this.pending.filter((item) => acked.has(item.id))) {
      const key = docKey(change);
      if (this.withdrawn.has(key)) continue;
      this.held.set(key, applyChange(this.held.get(key) ?? null, change));
      this.fromStart?.add(key);
    }
    const refusals = new Map(response.rejected.map((rejection) => [rejection.id, rejection.code]));
    for (const code of refusals.values()) this.refusalCodes.set(code, (this.refusalCodes.get(code) ?? 0) + 1);
    for (const change of this.pending.filter((item) => refusals.has(item.id))) {
      // What it sent again after a restore and may not write is the server's to keep: dropped.
      if (!change.recovery) this.refused.add(docKey(change));
    }
    this.pending = this.pending.filter((change) => !acked.has(change.id) && !refusals.has(change.id));
    // A late answer holds older states; an answer saying the server lost history never is one.
    if (!response.reset && this.cursor !== null && cursorHorizon(response.cursor) < cursorHorizon(this.cursor)) return;
    if (response.reset) this.startAgain();
    for (const { conflicts: _shown, ...doc } of response.docs) {
      const key = docKey(doc);
      if (!doc.withdrawn) {
        this.held.set(key, doc);
        this.withdrawn.delete(key);
        this.fromStart?.add(key);
      } else {
        // The record goes; this phone's unsent changes to it stay (and are refused, or were
        // applied before the person lost it): never laid on a record it may not read.
        this.held.delete(key);
        this.withdrawn.add(key);
        this.fromStart?.delete(key);
      }
    }
    this.cursor = response.cursor;
    // Once the pull is done and nothing sent again waits: a record kept only for a change sent
    // again (and refused: another community's) goes too.
    if (this.fromStart && !response.reset && !response.more && !this.pending.some((change) => change.recovery)) {
      for (const key of [...this.held.keys()]) {
        if (!this.fromStart.has(key) && !this.pending.some((change) => docKey(change) === key)) this.held.delete(key);
      }
      this.fromStart = null;
    }
  }

  /** The server lost history: send everything held with its own stamps, and pull from the start. */
  startAgain() {
    for (const doc of this.held.values()) {
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
          docId: doc.docId,
          hlc,
          set: Object.fromEntries(fields.map((field) => [field, doc.fields[field]])),
          recovery: true,
        });
      });
      if (doc.deleted && doc.versions._deleted)
        this.pending.push({ id: newId(), collection: doc.collection, docId: doc.docId, hlc: doc.versions._deleted, deleted: true, recovery: true });
    }
    this.fromStart = new Set();
  }

  async flakySync() {
    const { random, syncsWithoutChanges } = this.world;
    const alone = syncsWithoutChanges !== undefined && random() < syncsWithoutChanges;
    const request = { changes: alone ? [] : this.pending.slice(0, 1 + Math.floor(random() * 8)), cursor: this.cursor };
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

  /** A pull that carries none of the unsent changes (one on its way before they were made), to its end. */
  async pullAlone() {
    for (let round = 0; round < 200; round += 1) {
      await this.send({ changes: [], cursor: this.cursor }, true);
      if (!this.more) return;
    }
    throw new Error(`${this.name} did not finish pulling`);
  }

  async syncUntilDone() {
    for (let round = 0; round < 200; round += 1) {
      if (!(await this.send({ changes: this.pending.slice(0, 50), cursor: this.cursor }, true))) return;
    }
    throw new Error(`${this.name} did not finish syncing`);
  }
}

/** Signs each phone in as its person (password `simulation`). */
export async function signIn(app: FastifyInstance, phones: readonly Phone[]): Promise<void> {
  for (const phone of phones) {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: phone.username, password: 'simulation' } });
    phone.token = (login.json() as { token: string }).token;
  }
}

/**
 * The end of every audience simulation: once everyone is back online and synced, each phone holds
 * exactly the documents its person may read now (their teams and follows included), each equal to
 * the server's; a document a phone wrote and the server refused is left out only when unreadable.
 * Who may read a document is worked out again from the rule (audience.ts), not taken from what the
 * server stored with it: a part that kept the audience of its event before a change is found too.
 */
export async function expectPhonesMatchServer(storage: Storage, phones: readonly Phone[]): Promise<void> {
  const shape = (doc: Pick<DocState, 'fields' | 'versions' | 'deleted'>) => canonicalJson({ fields: doc.fields, versions: doc.versions, deleted: doc.deleted });
  const docs = [];
  for (const doc of (await storage.docsChangedAfter(0, Number.MAX_SAFE_INTEGER, [EVERYTHING_KEY], 1_000_000)).docs) {
    const part = PARTS_OF[doc.collection];
    const parent = part && doc.eventId ? await storage.getDoc(part.parent, doc.eventId) : null;
    docs.push({ doc, audience: audienceOf(doc, parent) });
  }
  for (const phone of phones) {
    const keys = await readerKeysIn(storage, (await storage.userByName(phone.username))!);
    const readable = new Map(docs.filter(({ audience }) => keysMeet(keys, audience)).map(({ doc }) => [docKey(doc), shape(doc)]));
    const held = new Map<string, string>();
    for (const [key, doc] of phone.held) {
      if (phone.refused.has(key) && !readable.has(key)) continue;
      held.set(key, shape(doc));
    }
    expect(phone.pending, phone.name).toEqual([]);
    expect([...held.keys()].sort(), `${phone.name} holds exactly what it may read`).toEqual([...readable.keys()].sort());
    for (const [key, state] of readable) expect(held.get(key), `${phone.name} ${key}`).toBe(state);
  }
}
