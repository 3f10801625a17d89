// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import type { DocState, SyncResponse } from '../../src/core/protocol';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

// Who reads what, as the server's one audience rule decides it, and a phone's pull that follows
// every change of it: a reader added to a community, removed from one, a record shared and unshared
// with a neighbour, a case study published and taken back. Real server, real HTTP.

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let counter = 0;
const stamp = () => encodeHlc({ wallMs: Date.now(), counter: (counter += 1) % 1000, node: 'audience-test' });

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

const change = (collection: string, docId: string, set: Record<string, unknown>) => ({ id: newId(), collection, docId, hlc: stamp(), set });

async function push(token: string, changes: unknown[]): Promise<SyncResponse> {
  const response = await server.request('POST', '/sync', { token, body: { clientId: 'audience-writer', cursor: null, changes } });
  expect(response.status).toBe(200);
  expect(response.body.rejected).toEqual([]);
  return response.body;
}

/** A phone's view: what it holds after each pull, following withdrawals, as a real phone does. */
class Reader {
  cursor: string | null = null;
  held = new Map<string, DocState>();
  requests = 0;
  constructor(public token: string) {}

  async pull(): Promise<void> {
    for (let round = 0; round < 100; round += 1) {
      const response = await server.request('POST', '/sync', { token: this.token, body: { clientId: 'audience-reader', cursor: this.cursor, changes: [] } });
      expect(response.status).toBe(200);
      const body = response.body as SyncResponse;
      this.requests += 1;
      for (const doc of body.docs) {
        if (doc.withdrawn) this.held.delete(doc.docId);
        else this.held.set(doc.docId, doc);
      }
      this.cursor = body.cursor;
      if (!body.more) return;
    }
    throw new Error('pull did not finish');
  }

  has(docId: string): boolean {
    return this.held.has(docId);
  }
}

const asset = (communityId: string, name: string) => ({ communityId, name, category: 'natural', description: '' });

async function setCommunities(userId: string, communityIds: string[]) {
  const response = await server.request('PATCH', `/users/${userId}`, { token: seed.admin, body: { communityIds } });
  expect(response.status).toBe(200);
}

describe('audiences: a reader gains and loses communities', () => {
  it("brings a newly joined community's older records whatever the cursor, and withdraws them once the reader leaves", async () => {
    const a1 = newId();
    const b1 = newId();
    const b2 = newId();
    await push(seed.tokens['staff-a']!, [change('assets', a1, asset(seed.communities.a, 'Булак А'))]);
    await push(seed.tokens['staff-b']!, [
      change('assets', b1, asset(seed.communities.b, 'Булак Б')),
      change('assets', b2, asset(seed.communities.b, 'Көпүрө Б')),
    ]);
    const reader = new Reader(seed.tokens['volunteer-a']!);
    await reader.pull();
    expect(reader.has(a1)).toBe(true);
    expect(reader.has(b1)).toBe(false);

    await setCommunities(seed.ids['volunteer-a']!, [seed.communities.a, seed.communities.b]);
    await reader.pull();
    expect(reader.has(b1) && reader.has(b2)).toBe(true);
    expect(reader.has(a1)).toBe(true);

    await setCommunities(seed.ids['volunteer-a']!, [seed.communities.b]);
    await reader.pull();
    expect(reader.has(a1)).toBe(false);
    expect(reader.has(b1)).toBe(true);
    // Back where it was: community A only.
    await setCommunities(seed.ids['volunteer-a']!, [seed.communities.a]);
    await reader.pull();
    expect(reader.has(a1)).toBe(true);
    expect(reader.has(b1) || reader.has(b2)).toBe(false);
  }, 60_000);

  it('gains a community of many records in bounded pages, sending none twice and none the reader had', async () => {
    const c = (await server.request('POST', '/communities', { token: seed.admin, body: { name: { ky: 'Чоң айыл' } } })).body.id as string;
    const many = Array.from({ length: 1200 }, (_, index) => change('assets', newId(), asset(c, `Ресурс ${index}`)));
    const coordinator = seed.tokens['coordinator-a']!;
    for (let from = 0; from < many.length; from += 400) await push(coordinator, many.slice(from, from + 400));
    const reader = new Reader(seed.tokens['staff-b']!);
    await reader.pull();
    const before = reader.held.size;
    const requestsBefore = reader.requests;

    const sent: string[] = [];
    await setCommunities(seed.ids['staff-b']!, [seed.communities.b, c]);
    for (let round = 0; round < 20; round += 1) {
      const response = await server.request('POST', '/sync', {
        token: reader.token,
        body: { clientId: 'audience-reader', cursor: reader.cursor, changes: [] },
      });
      const body = response.body as SyncResponse;
      expect(body.docs.length).toBeLessThanOrEqual(500);
      sent.push(...body.docs.map((doc) => doc.docId));
      for (const doc of body.docs) reader.held.set(doc.docId, doc);
      reader.cursor = body.cursor;
      if (!body.more) break;
    }
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.sort()).toEqual(many.map((item) => item.docId).sort());
    expect(reader.held.size).toBe(before + many.length);
    expect(reader.requests).toBe(requestsBefore);
    await setCommunities(seed.ids['staff-b']!, [seed.communities.b]);
    await reader.pull();
    expect(reader.held.size).toBe(before);
  }, 120_000);

  it('treats a coordinator made staff as a reader of their communities only', async () => {
    const b1 = newId();
    await push(seed.tokens['staff-b']!, [change('assets', b1, asset(seed.communities.b, 'Б жамааттын мектеби'))]);
    const reader = new Reader(seed.tokens['coordinator-a']!);
    await reader.pull();
    expect(reader.has(b1)).toBe(true);
    const demoted = await server.request('PATCH', `/users/${seed.ids['coordinator-a']}`, { token: seed.admin, body: { role: 'staff' } });
    expect(demoted.status).toBe(200);
    await reader.pull();
    expect(reader.has(b1)).toBe(false);
    expect(
      [...reader.held.values()].every(
        (doc) => doc.fields.communityId === seed.communities.a || doc.collection === 'applications' || doc.fields.status === 'published',
      ),
    ).toBe(true);
    await server.request('PATCH', `/users/${seed.ids['coordinator-a']}`, { token: seed.admin, body: { role: 'coordinator' } });
    await reader.pull();
    expect(reader.has(b1)).toBe(true);
  }, 60_000);
});

describe('audiences: sharing with neighbours', () => {
  it('lets staff share a disputed pasture with the neighbour, who reads but may not write it, until it is unshared', async () => {
    const pasture = newId();
    await push(seed.tokens['staff-a']!, [change('assets', pasture, { ...asset(seed.communities.a, 'Чек арадагы жайыт'), dispute: 'Эки айыл талашат' })]);
    const neighbour = new Reader(seed.tokens['volunteer-b']!);
    await neighbour.pull();
    expect(neighbour.has(pasture)).toBe(false);

    await push(seed.tokens['staff-a']!, [change('assets', pasture, { sharedWith: [seed.communities.b] })]);
    await neighbour.pull();
    expect(neighbour.held.get(pasture)?.fields.dispute).toBe('Эки айыл талашат');
    const write = await server.request('POST', '/sync', {
      token: seed.tokens['staff-b'],
      body: { clientId: 'x-writer', cursor: null, changes: [change('assets', pasture, { name: 'Биздин жайыт' })] },
    });
    expect(write.body.rejected[0]?.code).toBe('forbidden_community');

    await push(seed.tokens['staff-a']!, [change('assets', pasture, { sharedWith: [] })]);
    await neighbour.pull();
    expect(neighbour.has(pasture)).toBe(false);
  }, 60_000);

  it('shares an event with its participants and follow-up actions, and lets the owner of an action read it', async () => {
    const event = newId();
    const person = newId();
    const action = newId();
    const owned = newId();
    await push(seed.tokens['staff-a']!, [
      change('workshops', event, { communityId: seed.communities.a, title: 'Тажрыйба алмашуу', type: 'exchange_visit', startDate: '2026-11-20' }),
      change('participants', person, { communityId: seed.communities.a, workshopId: event, name: 'Айгүл', phone: '+996 555 000 111', phoneConsent: true }),
      change('actions', action, { communityId: seed.communities.a, workshopId: event, action: 'Сугат графигин макулдашуу', status: 'open' }),
      change('actions', owned, {
        communityId: seed.communities.a,
        workshopId: event,
        action: 'Суу бөлүштүрүү',
        status: 'open',
        ownerCommunityId: seed.communities.b,
      }),
    ]);
    const visitor = new Reader(seed.tokens['facilitator-b']!);
    await visitor.pull();
    expect([visitor.has(event), visitor.has(person), visitor.has(action)]).toEqual([false, false, false]);
    expect(visitor.has(owned)).toBe(true);

    await push(seed.tokens['staff-a']!, [change('workshops', event, { sharedWith: [seed.communities.b] })]);
    await visitor.pull();
    expect([visitor.has(event), visitor.has(person), visitor.has(action), visitor.has(owned)]).toEqual([true, true, true, true]);

    await push(seed.tokens['staff-a']!, [change('workshops', event, { sharedWith: [] })]);
    await visitor.pull();
    expect([visitor.has(event), visitor.has(person), visitor.has(action)]).toEqual([false, false, false]);
    expect(visitor.has(owned)).toBe(true);
  }, 60_000);

  it('refuses sharing from volunteers and facilitators, and with a community that does not exist', async () => {
    const mine = newId();
    const made = await server.request('POST', '/sync', {
      token: seed.tokens['volunteer-a'],
      body: { clientId: 'volunteer-phone', cursor: null, changes: [change('assets', mine, asset(seed.communities.a, 'Менин булагым'))] },
    });
    expect(made.body.rejected).toEqual([]);
    const byVolunteer = await server.request('POST', '/sync', {
      token: seed.tokens['volunteer-a'],
      body: { clientId: 'volunteer-phone', cursor: null, changes: [change('assets', mine, { sharedWith: [seed.communities.b] })] },
    });
    expect(byVolunteer.body.rejected[0]?.code).toBe('forbidden_share');
    const unknown = await server.request('POST', '/sync', {
      token: seed.tokens['staff-a'],
      body: { clientId: 'staff-phone', cursor: null, changes: [change('assets', mine, { sharedWith: [newId()] })] },
    });
    expect(unknown.body.rejected[0]?.code).toBe('unknown_community');
  }, 30_000);
});

describe('audiences: the shared library', () => {
  it('sends a published case study to every reader and withdraws it from all but its community when taken back', async () => {
    const study = newId();
    await push(seed.tokens['staff-a']!, [change('caseStudies', study, { communityId: seed.communities.a, title: 'Ачык бюджет', status: 'draft' })]);
    const peer = new Reader(seed.tokens['volunteer-b']!);
    const own = new Reader(seed.tokens['volunteer-a']!);
    await peer.pull();
    await own.pull();
    expect(peer.has(study)).toBe(false);
    expect(own.has(study)).toBe(true);
    await push(seed.tokens['staff-a']!, [change('caseStudies', study, { status: 'published' })]);
    await peer.pull();
    expect(peer.held.get(study)?.fields.title).toBe('Ачык бюджет');
    await push(seed.tokens['staff-a']!, [change('caseStudies', study, { status: 'draft' })]);
    await peer.pull();
    await own.pull();
    expect(peer.has(study)).toBe(false);
    expect(own.held.get(study)?.fields.status).toBe('draft');
  }, 60_000);
});

describe("audiences: a cursor is the server's own", () => {
  it('refuses a changed cursor as one from another history: the phone is told to start again', async () => {
    const reader = new Reader(seed.tokens['volunteer-a']!);
    await reader.pull();
    // Claiming to hold nothing yet (position 0) would make the server send what the reader may not have had.
    const parts = reader.cursor!.split('.');
    parts[1] = '0';
    const tampered = parts.join('.');
    const response = await server.request('POST', '/sync', { token: reader.token, body: { clientId: 'shared-phone', cursor: tampered, changes: [] } });
    expect(response.body).toMatchObject({ reset: true, docs: [] });
    // Another person's cursor on a shared phone is not theirs to continue either.
    const other = await server.request('POST', '/sync', {
      token: seed.tokens['volunteer-b'],
      body: { clientId: 'shared-phone', cursor: reader.cursor, changes: [] },
    });
    expect(other.body.reset).toBe(true);
  }, 30_000);

  it('goes on from a cursor of digits alone, as the app before audiences sent, until that phone updates', async () => {
    const reader = new Reader(seed.tokens['volunteer-a']!);
    await reader.pull();
    const horizon = reader.cursor!.split('.')[0]!;
    const id = newId();
    await push(seed.tokens['staff-a']!, [change('assets', id, asset(seed.communities.a, 'Жаңы булак'))]);
    const response = await server.request('POST', '/sync', { token: reader.token, body: { clientId: 'old-app-phone', cursor: horizon, changes: [] } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body as SyncResponse;
    expect(body.reset).toBeUndefined();
    expect(body.docs.map((doc) => doc.docId)).toEqual([id]);
    // A number past the server's history is not from it: start again.
    const ahead = await server.request('POST', '/sync', { token: reader.token, body: { clientId: 'old-app-phone', cursor: '999999999', changes: [] } });
    expect(ahead.body.reset).toBe(true);
  }, 30_000);
});
