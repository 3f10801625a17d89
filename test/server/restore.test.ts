// @vitest-environment node
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset, updateAsset } from '../../src/db/assets';
import { AsharDb } from '../../src/db/database';
import { writeDoc } from '../../src/db/docs';
import { signIn } from '../../src/sync/account';
import { syncNow } from '../../src/sync/engine';
import { backupDatabase, restoreDatabase } from '../../server/database-copy';
import { heldOnPhone, readableOnServer } from './held-and-readable';
import { seedAccounts, startServer, type TestServer } from './harness';

// A server whose database went back in time, by the admin command or by an older file copied back
// while it was stopped: no phone misses a record, and nothing a phone holds is lost. Two phones on
// the real engine (fake-indexeddb) and the real server over HTTP, restarted on the same directory.

let dataDir: string;
let server: TestServer;
let n = 0;
const fetcher = ((path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init)) as typeof fetch;
const asset = (name: string) => ({ name, category: 'natural' as const, description: 'Айылдын ресурсу' });

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ashar-restore-'));
  server = await startServer({ dataDir });
});
afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function phoneOf(username: string): Promise<AsharDb> {
  n += 1;
  const phone = new AsharDb(`restore-${n}`);
  await phone.open();
  await signIn(phone, username, 'password-123', `phone ${n}`, fetcher);
  return phone;
}

async function restart(goBack: () => Promise<void>) {
  await server.close();
  await goBack();
  server = await startServer({ dataDir });
}

const dbFile = () => join(dataDir, 'ashar.sqlite');

describe.each([
  ['restored with the admin command', async (copy: string) => void (await restoreDatabase(copy, dbFile()))],
  [
    'an older file copied back while the server was stopped',
    async (copy: string) => {
      rmSync(`${dbFile()}-wal`, { force: true });
      rmSync(`${dbFile()}-shm`, { force: true });
      copyFileSync(copy, dbFile());
    },
  ],
])('a server %s', (_how, goBack) => {
  it('gets back every acknowledged change from the phones, and each phone ends holding exactly what its person may read', async () => {
    const seed = await seedAccounts(server);
    const staff = await phoneOf('staff-a');
    const volunteer = await phoneOf('volunteer-a');
    const neighbour = await phoneOf('staff-b');
    const kept = await createAsset(staff, seed.communities.a, asset('Эски булак'));
    const theirs = await createAsset(volunteer, seed.communities.a, asset('Мектеп'));
    for (const phone of [staff, volunteer, neighbour]) expect(await syncNow(phone, { fetcher })).toBe('done');

    const copy = join(dataDir, 'before.sqlite');
    await backupDatabase(dbFile(), copy);

    // After the copy: acknowledged by the server, so gone from every outbox.
    const lost = await createAsset(staff, seed.communities.a, asset('Жаңы көпүрө'));
    await updateAsset(staff, kept, { ...asset('Эски булак'), name: 'Эски булак (оңдолгон)' });
    await writeDoc(staff, 'assets', kept, { sharedWith: [seed.communities.b] });
    const lostToo = await createAsset(volunteer, seed.communities.a, asset('Жайыт'));
    for (const phone of [staff, volunteer, neighbour]) expect(await syncNow(phone, { fetcher })).toBe('done');
    expect([await staff.outbox.count(), await volunteer.outbox.count()]).toEqual([0, 0]);
    expect((await neighbour.assets.get(kept))?.name).toBe('Эски булак (оңдолгон)');

    await restart(() => goBack(copy));
    expect(await server.storage.getDoc('assets', lost)).toBeNull();
    // The restored server runs on past the phones' old cursors before they come back.
    const other = await phoneOf('coordinator-a');
    for (let i = 0; i < 12; i += 1) await createAsset(other, seed.communities.a, asset(`Кийинки ${i}`));
    expect(await syncNow(other, { fetcher })).toBe('done');

    for (const phone of [volunteer, neighbour, staff, volunteer, neighbour, staff]) expect(await syncNow(phone, { fetcher })).toBe('done');

    expect((await server.storage.getDoc('assets', lost))?.fields.name).toBe('Жаңы көпүрө');
    expect((await server.storage.getDoc('assets', lostToo))?.fields.name).toBe('Жайыт');
    expect((await server.storage.getDoc('assets', kept))?.fields).toMatchObject({ name: 'Эски булак (оңдолгон)', sharedWith: [seed.communities.b] });
    expect((await server.storage.getDoc('assets', theirs))?.fields.name).toBe('Мектеп');
    for (const [phone, username] of [
      [staff, 'staff-a'],
      [volunteer, 'volunteer-a'],
      [neighbour, 'staff-b'],
      [other, 'coordinator-a'],
    ] as const) {
      expect(await syncNow(phone, { fetcher })).toBe('done');
      expect(await phone.outbox.count()).toBe(0);
      expect(await heldOnPhone(phone), username).toEqual(await readableOnServer(server.storage, username));
    }
    expect((await neighbour.assets.get(kept))?.name).toBe('Эски булак (оңдолгон)');
    expect(await neighbour.assets.get(lost)).toBeUndefined();
  }, 120_000);
});
