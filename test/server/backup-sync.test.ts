// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset } from '../../src/db/assets';
import { attachFile } from '../../src/db/attachments';
import { exportBackup, importBackup, readBackupFile } from '../../src/db/backup';
import { AsharDb } from '../../src/db/database';
import { signIn } from '../../src/sync/account';
import { syncNow } from '../../src/sync/engine';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

// A backup file carried from a phone that never reaches the network to one that does: the carried
// changes and photos reach the real server from the second phone, and when the first phone syncs
// later, its copies of the same changes are acknowledged without being applied twice.
let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let fetcher: typeof fetch;

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
  fetcher = ((path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init)) as typeof fetch;
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

describe('a backup file and the server', () => {
  it('sends the carried work from the importing phone, and the same changes from the first phone once more changes nothing', async () => {
    const field = new AsharDb('backup-sync-field');
    await signIn(field, 'staff-a', 'password-123', 'field phone', fetcher);
    // Out of reach from here on: everything is made offline.
    const id = await createAsset(field, seed.communities.a, { name: 'Тоо булагы', category: 'natural', description: 'Айылдын үстүндө' });
    const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('spring photo')])], { type: 'image/jpeg' });
    const photo = await attachFile(field, 'assets', id, { blob: jpeg, mime: 'image/jpeg', width: 800, height: 600 });
    const { blob } = await exportBackup(field, { scope: 'unsynced', appVersion: 'test', language: 'ky' });

    const office = new AsharDb('backup-sync-office');
    await signIn(office, 'coordinator-a', 'password-123', 'rayon laptop', fetcher);
    const summary = await importBackup(office, await readBackupFile(blob));
    expect(summary).toMatchObject({ added: 1, photosAdded: 1, changesQueued: 2 });
    expect(await syncNow(office, { fetcher })).toBe('done');
    expect(await office.outbox.count()).toBe(0);
    const stored = (await server.storage.getDoc('assets', id))!;
    expect(stored.fields).toMatchObject({ name: 'Тоо булагы', communityId: seed.communities.a });
    const onServer = await fetch(`${server.url}/api/v1/blobs/${photo.hash}`, { headers: { authorization: `Bearer ${seed.tokens['staff-a']}` } });
    expect(onServer.status).toBe(200);

    // The field phone comes back online and sends the same changes: acknowledged, applied once.
    expect(await syncNow(field, { fetcher })).toBe('done');
    expect(await field.outbox.count()).toBe(0);
    expect((await server.storage.getDoc('assets', id))!.seq).toBe(stored.seq);
    expect((await field.assets.get(id))!.name).toBe('Тоо булагы');
    expect((await field.photos.toArray()).map((row) => row.uploaded)).toEqual([1]);
    await field.delete();
    await office.delete();
  });
});
