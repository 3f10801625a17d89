// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import type { DocState } from '../../src/core/protocol';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';
import { openRawDatabase } from './raw-database';

// What the server stores depends on the changes it got, never on the order they came in; dates no
// record can have are refused; and a value written over one its writer never saw is kept and shown.

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

const sync = (token: string, changes: unknown[], cursor: string | null = null) =>
  server.request('POST', '/sync', { token, body: { clientId: 'order-test-phone', cursor, changes } });
const at = (wallMs: number, node: string, counter = 0) => encodeHlc({ wallMs, counter, node });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

/** Everything stored about a document except its place in the pull order, with its id blanked. */
async function storedState(docId: string): Promise<string> {
  const db = await openRawDatabase(server.dataDir, { readonly: true });
  try {
    const { seq: _seq, ...row } = (await db.all('SELECT * FROM docs WHERE doc_id = ?', [docId]))[0]!;
    const audience = await db.all('SELECT key, current FROM doc_audience WHERE doc_id = ? ORDER BY key', [docId]);
    return JSON.stringify({ row, audience }).replaceAll(docId, 'DOC');
  } finally {
    await db.close();
  }
}

describe('stored state', () => {
  it('is byte for byte the same whichever of six orders the same changes arrive in', async () => {
    const t = Date.now() - 60_000;
    const { a } = seed.communities;
    const writes = [
      {
        token: seed.tokens['staff-a']!,
        hlc: at(t, 'phone1'),
        set: {
          communityId: a,
          name: 'Булак',
          category: 'natural',
          description: 'Таза',
          createdAt: new Date(t).toISOString(),
          updatedAt: new Date(t).toISOString(),
        },
      },
      {
        token: seed.tokens['coordinator-a']!,
        hlc: at(t + 1000, 'phone2'),
        set: {
          communityId: a,
          name: 'Булак (жаңы)',
          category: 'natural',
          condition: 'fair',
          createdAt: new Date(t + 1000).toISOString(),
          updatedAt: new Date(t + 1000).toISOString(),
        },
      },
      {
        token: seed.tokens['staff-a']!,
        hlc: at(t + 2000, 'phone1'),
        set: { communityId: a, name: 'Тоодогу булак', category: 'natural', tags: ['суу'], updatedAt: new Date(t + 2000).toISOString() },
        base: { name: at(t, 'phone1') },
      },
    ];
    const states = new Set<string>();
    for (const order of permutations(writes)) {
      const docId = newId();
      for (const write of order) {
        const response = await sync(write.token, [
          { id: newId(), collection: 'assets', docId, hlc: write.hlc, set: write.set, ...(write.base ? { base: write.base } : {}) },
        ]);
        expect(response.body.rejected).toEqual([]);
      }
      states.add(await storedState(docId));
    }
    expect(states.size).toBe(1);
    const [state] = [...states];
    // The author is whoever made the record last set its creation date, in every order.
    expect(state).toContain(`"created_by":"${seed.ids['coordinator-a']}"`);
  }, 60_000);
});

describe('dates', () => {
  const create = (extra: Record<string, unknown>) => ({
    id: newId(),
    collection: 'assets',
    docId: newId(),
    hlc: at(Date.now(), 'dates'),
    set: { communityId: seed.communities.a, name: 'Көпүрө', category: 'physical', ...extra },
  });

  it.each([
    ['far in the future', { createdAt: '9999-12-31T00:00:00.000Z' }],
    ['before 2000', { updatedAt: '0001-01-01T00:00:00.000Z' }],
    ['in 1970', { createdAt: '1970-01-01T00:00:00.000Z' }],
  ])('refuses a record dated %s with a code, and stores nothing of it', async (_label, dates) => {
    const change = create(dates);
    const response = await sync(seed.tokens['staff-a']!, [change]);
    expect(response.body.rejected).toEqual([{ id: change.id, code: 'implausible_date', message: expect.any(String) }]);
    expect(await server.storage.getDoc('assets', change.docId)).toBeNull();
  });

  it("replaces a date a fast phone set ahead, or one from before Ashar, with the server's time, and sends it back", async () => {
    const ahead = create({ createdAt: new Date(Date.now() + 3600_000).toISOString(), updatedAt: '2021-05-01T00:00:00.000Z' });
    const response = await sync(seed.tokens['staff-a']!, [ahead]);
    expect(response.body.rejected).toEqual([]);
    const stored = (await server.storage.getDoc('assets', ahead.docId))!;
    for (const field of ['createdAt', 'updatedAt']) expect(Math.abs(Date.parse(String(stored.fields[field])) - Date.now())).toBeLessThan(60_000);
    expect(response.body.docs.map((doc: DocState) => doc.docId)).toContain(ahead.docId);
  });
});

describe('conflicts', () => {
  it('keeps the value two phones wrote at the same time, shows it to readers, and not once someone chose', async () => {
    const docId = newId();
    const t = Date.now() - 30_000;
    const created = at(t, 'phone-a');
    const first = await sync(seed.tokens['staff-a']!, [
      {
        id: newId(),
        collection: 'assets',
        docId,
        hlc: created,
        set: { communityId: seed.communities.a, name: 'Жайыт', category: 'natural', access: 'Бардыгы' },
      },
    ]);
    expect(first.body.rejected).toEqual([]);
    // Both phones had the record from the server, then went offline and changed who may use it.
    const lost = at(t + 1000, 'phone-a');
    const won = at(t + 2000, 'phone-b');
    await sync(seed.tokens['staff-a']!, [{ id: newId(), collection: 'assets', docId, hlc: lost, set: { access: 'Жайында гана' }, base: { access: created } }]);
    await sync(seed.tokens['coordinator-a']!, [
      { id: newId(), collection: 'assets', docId, hlc: won, set: { access: 'Эки айылга тең' }, base: { access: created } },
    ]);

    const seen = (await sync(seed.tokens['volunteer-a']!, [])).body.docs.find((doc: DocState) => doc.docId === docId) as DocState;
    expect(seen.fields.access).toBe('Эки айылга тең');
    expect(seen.conflicts).toEqual({ access: { value: 'Жайында гана', hlc: lost, by: 'staff-a', winnerBy: 'coordinator-a' } });

    // A later edit by someone who saw both ends the conflict; so does taking the other value.
    await sync(seed.tokens['staff-a']!, [
      { id: newId(), collection: 'assets', docId, hlc: at(t + 3000, 'phone-a'), set: { access: 'Жайында гана' }, base: { access: won } },
    ]);
    const after = (await sync(seed.tokens['volunteer-a']!, [])).body.docs.find((doc: DocState) => doc.docId === docId) as DocState;
    expect(after.fields.access).toBe('Жайында гана');
    expect(after.conflicts).toBeUndefined();
  }, 30_000);

  it("does not call a phone's own later edit, nor an edit made after seeing the other, a conflict", async () => {
    const docId = newId();
    const t = Date.now() - 30_000;
    const created = at(t, 'phone-a');
    await sync(seed.tokens['staff-a']!, [
      { id: newId(), collection: 'assets', docId, hlc: created, set: { communityId: seed.communities.a, name: 'Мектеп', category: 'physical' } },
    ]);
    await sync(seed.tokens['staff-a']!, [{ id: newId(), collection: 'assets', docId, hlc: at(t + 1000, 'phone-a'), set: { name: 'Мектеп №1' } }]);
    const second = at(t + 2000, 'phone-b');
    await sync(seed.tokens['coordinator-a']!, [
      { id: newId(), collection: 'assets', docId, hlc: second, set: { name: 'Орто мектеп' }, base: { name: at(t + 1000, 'phone-a') } },
    ]);
    const seen = (await sync(seed.tokens['volunteer-a']!, [])).body.docs.find((doc: DocState) => doc.docId === docId) as DocState;
    expect(seen.fields.name).toBe('Орто мектеп');
    expect(seen.conflicts).toBeUndefined();
  }, 30_000);
});
