// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHlc } from '../../src/core/hlc';
import type { Collection } from '../../src/core/model';
import { createAsset, updateAsset } from '../../src/db/assets';
import { AsharDb } from '../../src/db/database';
import { writeDoc } from '../../src/db/docs';
import { fromLocalDoc } from '../../src/db/doc-state';
import { signIn } from '../../src/sync/account';
import { syncNow } from '../../src/sync/engine';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

// Phones whose date is wrong, against the real server over real HTTP. The true time is the
// server's and moves only when the test says so; each phone reads it through its own wrong clock.
const MINUTE = 60 * 1000;
const YEAR = 365 * 24 * 60 * MINUTE;
let trueNow = Date.UTC(2026, 10, 23, 9, 0);
let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let phones = 0;

beforeAll(async () => {
  server = await startServer({ now: () => trueNow });
  seed = await seedAccounts(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

const fetcher = ((path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init)) as typeof fetch;
const later = (minutes: number) => (trueNow += minutes * MINUTE);

interface Phone {
  name: string;
  db: AsharDb;
  /** How far this phone's clock is from the true time; a test may set it right. */
  skewMs: number;
  /** Every change this phone ever queued. */
  made: string[];
}

async function phoneWithClock(name: string, username: string, skewMs: number | 'epoch'): Promise<Phone> {
  phones += 1;
  const db = new AsharDb(`clocks-${phones}`);
  // "1970": the clock was reset to zero at the start of the test and has run since.
  const phone: Phone = { name, db, skewMs: skewMs === 'epoch' ? -trueNow : skewMs, made: [] };
  db.wallClock = () => trueNow + phone.skewMs;
  db.outbox.hook('creating', (_key, entry) => void phone.made.push(entry.changeId));
  await db.open();
  await signIn(db, username, 'password-123', name, fetcher);
  return phone;
}

/** Syncs and checks that nothing was refused: every change of this phone reached the server. */
async function sync(phone: Phone): Promise<void> {
  expect(await syncNow(phone.db, { fetcher }), phone.name).toBe('done');
  expect(await phone.db.outbox.toArray(), `${phone.name}: outbox after sync`).toEqual([]);
}

async function rename(phone: Phone, id: string, name: string): Promise<void> {
  later(1);
  expect(await updateAsset(phone.db, id, { name, category: 'natural', description: 'Жалпы' })).toBe(true);
}

const serverName = async (id: string) => (await server.storage.getDoc('assets', id))!.fields.name;

/** The phone holds every one of these documents exactly as the server does: fields, stamps, tombstone. */
async function expectSameAsServer(phone: Phone, collection: Collection, ids: string[]): Promise<void> {
  for (const id of ids) {
    const stored = (await server.storage.getDoc(collection, id))!;
    const { fields, versions, deleted } = fromLocalDoc(collection, (await phone.db.docs(collection).get(id)) as never);
    expect({ fields, versions, deleted }, `${phone.name}: ${collection}/${id}`).toEqual({
      fields: stored.fields,
      versions: stored.versions,
      deleted: stored.deleted,
    });
  }
}

/** Every stamp the server holds is believable: not ahead of its clock by more than 5 minutes, and after 2024. */
async function expectBelievableStamps(ids: string[]): Promise<void> {
  for (const id of ids) {
    for (const stamp of Object.values((await server.storage.getDoc('assets', id))!.versions)) {
      const { wallMs } = decodeHlc(stamp)!;
      expect(wallMs).toBeLessThanOrEqual(trueNow + 5 * MINUTE);
      expect(wallMs).toBeGreaterThanOrEqual(Date.UTC(2024, 0, 1));
    }
  }
}

async function storedOnce(changeIds: string[]): Promise<boolean> {
  for (const id of changeIds) if (!(await server.storage.hasChange(id))) return false;
  return true;
}

describe('phones whose clocks are wrong', () => {
  const skews = [
    ['a year fast', YEAR],
    ['a year slow', -YEAR],
    ['at 1970', 'epoch'],
  ] as const;

  for (const [label, skew] of skews) {
    it(`keep syncing a phone ${label}; a later edit from a right clock still wins, and so does its own later edit`, async () => {
      const right = await phoneWithClock('right', 'coordinator-a', 0);
      const wrong = await phoneWithClock(label, 'staff-a', skew);
      // Made before the wrong phone ever heard the server's time.
      const own = await createAsset(wrong.db, seed.communities.a, { name: `${label}: own`, category: 'physical', description: '' });
      const shared = await createAsset(right.db, seed.communities.a, { name: 'Жалпы', category: 'natural', description: 'Жалпы' });
      await sync(right);
      await sync(wrong);

      // Online, one after the other.
      await rename(wrong, shared, `${label} 1`);
      await sync(wrong);
      expect(await serverName(shared)).toBe(`${label} 1`);
      await sync(right);
      await rename(right, shared, 'right 1');
      await sync(right);
      expect(await serverName(shared)).toBe('right 1');
      await sync(wrong);
      await rename(wrong, shared, `${label} 2`);
      await sync(wrong);
      expect(await serverName(shared)).toBe(`${label} 2`);

      // Offline, both: the later edit wins whoever sends first.
      await sync(right);
      await rename(wrong, shared, `${label} 3, earlier`);
      later(10);
      await rename(right, shared, 'right 3, later');
      await sync(right);
      later(10);
      await sync(wrong);
      expect(await serverName(shared)).toBe('right 3, later');
      await rename(right, shared, 'right 4, earlier');
      later(10);
      await rename(wrong, shared, `${label} 4, later`);
      await sync(wrong);
      later(10);
      await sync(right);
      expect(await serverName(shared)).toBe(`${label} 4, later`);

      await sync(wrong);
      expect(await storedOnce([...right.made, ...wrong.made])).toBe(true);
      await expectBelievableStamps([own, shared]);
      for (const phone of [right, wrong]) await expectSameAsServer(phone, 'assets', [own, shared]);
    });
  }

  it('keep syncing a phone a year fast whose clock is set right midway; its later edits still win', async () => {
    const right = await phoneWithClock('right', 'coordinator-a', 0);
    const fixed = await phoneWithClock('set right', 'staff-a', YEAR);
    const shared = await createAsset(right.db, seed.communities.a, { name: 'Жалпы', category: 'natural', description: 'Жалпы' });
    await sync(right);
    await rename(fixed, await createAsset(fixed.db, seed.communities.a, { name: 'Өз', category: 'physical', description: '' }), 'Өз 1');
    await sync(fixed);
    await rename(fixed, shared, 'fast 1');
    await sync(fixed);
    expect(await serverName(shared)).toBe('fast 1');

    // Someone sets the date right; the phone has not synced since.
    fixed.skewMs = 0;
    later(60);
    await sync(right);
    await rename(right, shared, 'right 1, earlier');
    await sync(right);
    later(60);
    await rename(fixed, shared, 'set right 1, later');
    await sync(fixed);
    expect(await serverName(shared)).toBe('set right 1, later');

    await sync(right);
    await rename(fixed, shared, 'set right 2, earlier');
    later(10);
    await rename(right, shared, 'right 2, later');
    await sync(right);
    await sync(fixed);
    expect(await serverName(shared)).toBe('right 2, later');

    await sync(right);
    expect(await storedOnce([...right.made, ...fixed.made])).toBe(true);
    await expectBelievableStamps([shared]);
    for (const phone of [right, fixed]) await expectSameAsServer(phone, 'assets', [shared]);
  });

  // Six phones in rounds of sync: 12 s measured on a busy 2-core machine.
  it(
    'bring six phones, four with wrong dates, to the records of the server byte for byte, the last edit of each field winning',
    { timeout: 60_000 },
    async () => {
      const random = seededRandom();
      const fleet = [
        await phoneWithClock('right A', 'coordinator-a', 0),
        await phoneWithClock('right B', 'staff-a', 0),
        await phoneWithClock('a year fast', 'coordinator-a', YEAR),
        await phoneWithClock('a year slow', 'staff-a', -YEAR),
        await phoneWithClock('at 1970', 'coordinator-a', 'epoch'),
        await phoneWithClock('set right midway', 'staff-a', YEAR),
      ];
      const ids: string[] = [];
      for (let i = 0; i < 2; i += 1)
        ids.push(await createAsset(fleet[0]!.db, seed.communities.a, { name: `Жалпы ${i}`, category: 'natural', description: '' }));
      // Each phone has worked before it ever synced, stamping with whatever date it had.
      for (const phone of fleet)
        ids.push(await createAsset(phone.db, seed.communities.a, { name: `${phone.name}: own`, category: 'physical', description: '' }));
      for (const phone of fleet) await sync(phone);
      later(30);

      /** The last edit of each field, in true time: what every phone and the server must end with. */
      const last = new Map<string, unknown>();
      for (let round = 0; round < 10; round += 1) {
        if (round === 5) fleet[5]!.skewMs = 0;
        for (const phone of [...fleet].sort(() => random() - 0.5)) {
          const id = ids[Math.floor(random() * ids.length)]!;
          const field = (['name', 'description', 'tags'] as const)[Math.floor(random() * 3)]!;
          const value = editValue(field, `${phone.name} ${round}`);
          later(1 + Math.floor(random() * 20));
          expect(await writeDoc(phone.db, 'assets', id, { [field]: value })).toBe(true);
          last.set(`${id} ${field}`, value);
          if (random() < 0.4) await sync(phone);
        }
      }
      for (let pass = 0; pass < 2; pass += 1) for (const phone of fleet) await sync(phone);

      expect(await storedOnce(fleet.flatMap((phone) => phone.made))).toBe(true);
      await expectBelievableStamps(ids);
      for (const [key, value] of last) {
        const [id, field] = key.split(' ') as [string, string];
        expect((await server.storage.getDoc('assets', id))!.fields[field], key).toEqual(value);
      }
      for (const phone of fleet) await expectSameAsServer(phone, 'assets', ids);
    },
  );
});

/** Every value unique (a phone edits once a round), so that each edit really changes its field. */
function editValue(field: 'name' | 'description' | 'steward' | 'tags', label: string): string | string[] {
  return field === 'tags' ? [label] : `${field}: ${label}`;
}

/** A small seeded generator; the seed is printed so a failing run can be replayed with CLOCKS_SEED. */
function seededRandom(): () => number {
  let state = Number(process.env.CLOCKS_SEED ?? Math.floor(Math.random() * 2 ** 31)) >>> 0;
  console.log(`clocks seed ${state}`);
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
