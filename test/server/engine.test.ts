// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAsset, listAssets, updateAsset } from '../../src/db/assets';
import { AsharDb } from '../../src/db/database';
import { signIn } from '../../src/sync/account';
import { syncNow } from '../../src/sync/engine';
import { readSession, saveSession } from '../../src/sync/session';
import { RetryLater } from '../../src/sync/transport';
import { seedAccounts, startServer, type TestServer } from './harness';

// The client sync engine (Dexie on fake-indexeddb) against the real server over real HTTP.
let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let fetcher: typeof fetch;
let phone: AsharDb;
let n = 0;

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
  fetcher = ((path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init)) as typeof fetch;
}, 30_000);
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  n += 1;
  phone = new AsharDb(`engine-${n}`);
  await phone.open();
});

const asset = (name: string) => ({ name, category: 'natural' as const, description: 'Булак '.repeat(300) });

describe('client sync engine', () => {
  it('keeps work made before sign-in and sends it after; refused changes stay as needing attention', async () => {
    const ours = await createAsset(phone, seed.communities.a, asset('Биздин булак'));
    const elsewhere = await createAsset(phone, seed.communities.b, asset('Башка жамаат'));
    expect(await syncNow(phone, { fetcher })).toBe('signed_out');
    expect(await phone.outbox.count()).toBe(2);

    await signIn(phone, 'staff-a', 'password-123', 'test phone', fetcher);
    expect(await syncNow(phone, { fetcher })).toBe('done');
    expect(server.storage.getDoc('assets', ours)!.fields.name).toBe('Биздин булак');
    expect(server.storage.getDoc('assets', elsewhere)).toBeNull();
    const left = await phone.outbox.toArray();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ docId: elsewhere, rejected: { code: 'forbidden_community' } });
    // The server's createdBy came back down.
    expect((await phone.assets.get(ours))!.createdBy).toBe(seed.ids['staff-a']);
  });

  it('brings a second phone every record, and an edit travels in one small round trip', async () => {
    await signIn(phone, 'staff-a', 'password-123', 'phone 1', fetcher);
    const id = await createAsset(phone, seed.communities.a, asset('Көпүрө'));
    await syncNow(phone, { fetcher });
    const second = new AsharDb(`engine-second-${n}`);
    await signIn(second, 'coordinator-a', 'password-123', 'phone 2', fetcher);
    await syncNow(second, { fetcher });
    expect((await listAssets(second, seed.communities.a)).map((a) => a.id)).toContain(id);

    await updateAsset(second, id, { ...asset('Көпүрө'), name: 'Жаңы көпүрө' });
    await syncNow(second, { fetcher });
    await syncNow(phone, { fetcher });
    expect((await phone.assets.get(id))!.name).toBe('Жаңы көпүрө');
  });

  it('on a refused sign-in keeps every change and asks to sign in again', async () => {
    await signIn(phone, 'staff-a', 'password-123', 'phone', fetcher);
    const session = (await readSession(phone))!;
    await server.request('POST', '/auth/logout', { token: session.token });
    await createAsset(phone, seed.communities.a, asset('Күтүп турат'));
    expect(await syncNow(phone, { fetcher })).toBe('sign_in_needed');
    expect(await phone.outbox.count()).toBe(1);
    expect((await readSession(phone))!.expired).toBe(true);
    await signIn(phone, 'staff-a', 'password-123', 'phone', fetcher);
    expect(await syncNow(phone, { fetcher })).toBe('done');
    expect(await phone.outbox.count()).toBe(0);
  });

  it('treats an unreachable server as "retry later" and loses nothing', async () => {
    await saveSession(phone, { token: 'x'.repeat(43), user: { id: 'u', username: 'u', displayName: 'u', role: 'staff', communityIds: [] }, expired: false });
    await createAsset(phone, seed.communities.a, asset('Офлайн'));
    const down = (() => Promise.reject(new TypeError('network down'))) as typeof fetch;
    await expect(syncNow(phone, { fetcher: down })).rejects.toBeInstanceOf(RetryLater);
    expect(await phone.outbox.count()).toBe(1);
  });
});
