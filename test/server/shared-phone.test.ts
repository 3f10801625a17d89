// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/core/model';
import { createAsset } from '../../src/db/assets';
import { exportBackup, readBackupFile } from '../../src/db/backup';
import { AsharDb } from '../../src/db/database';
import { moveCommunityRecords } from '../../src/db/docs';
import { addCommunity } from '../../src/db/gazetteer';
import { readCurrentCommunityId, saveCurrentCommunityId } from '../../src/db/settings';
import { saveDraft } from '../../src/db/drafts';
import { signIn, signOut } from '../../src/sync/account';
import { declineCarryOver, handMadeWork, heldForCarryOver } from '../../src/sync/carry-over';
import { syncNow } from '../../src/sync/engine';
import { readSession } from '../../src/sync/session';
import { waitingForOthers } from '../../src/sync/shared-phone';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

// A phone as people really use it: work recorded before anyone signs in, and one phone passed
// between people. Real engine (fake-indexeddb) against the real server over HTTP.

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let phone: AsharDb;
let n = 0;
const fetcher = ((path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init)) as typeof fetch;
const asset = (name: string) => ({ name, category: 'natural' as const, description: 'Айылдын булагы' });

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  n += 1;
  phone = new AsharDb(`shared-phone-${n}`);
  await phone.open();
});

async function recordCount(db: AsharDb): Promise<number> {
  let count = 0;
  for (const collection of COLLECTIONS) count += await db.docs(collection).count();
  return count;
}

describe('work made before signing in', () => {
  it("is offered to move, all at once, into the account's community of the same name, and reaches the server", async () => {
    // The fresh phone adds its community by hand: same name as the server's, same rayon.
    const handMade = await addCommunity(phone, { name: { ky: 'Ак-Сай', ru: '', en: '' }, rayonCode: '41704210000000' });
    await saveCurrentCommunityId(phone, handMade);
    const made = [
      await createAsset(phone, handMade, asset('Булак')),
      await createAsset(phone, handMade, asset('Көпүрө')),
      await createAsset(phone, handMade, asset('Мектеп')),
    ];

    await signIn(phone, 'staff-a', 'password-123', 'phone', fetcher);
    // The phone stays on its own community: the records do not look lost.
    expect(await readCurrentCommunityId(phone)).toBe(handMade);
    const [offer] = await handMadeWork(phone, (await readSession(phone))!);
    expect(offer).toMatchObject({ records: 3, community: { id: handMade } });
    expect(offer!.targets[0]!.id).toBe(seed.communities.a);
    // The app syncs at once after sign-in: the records wait for the answer instead of being sent
    // and refused one by one (the server does not know the hand-made community).
    expect(await syncNow(phone, { fetcher })).toBe('done');
    expect(await phone.outbox.count()).toBe(3);
    expect(await phone.outbox.filter((entry) => Boolean(entry.rejected)).count()).toBe(0);
    for (const id of made) expect(await server.storage.getDoc('assets', id)).toBeNull();

    expect(await moveCommunityRecords(phone, handMade, seed.communities.a)).toBe(3);
    expect(await readCurrentCommunityId(phone)).toBe(seed.communities.a);
    expect(await handMadeWork(phone, (await readSession(phone))!)).toEqual([]);
    expect(await syncNow(phone, { fetcher })).toBe('done');
    expect(await phone.outbox.count()).toBe(0);
    for (const id of made) expect(await server.storage.getDoc('assets', id)).toMatchObject({ communityId: seed.communities.a, createdBy: seed.ids['staff-a'] });
  }, 60_000);
});

describe('work made before signing in, kept where it is', () => {
  it('is not offered again once the person says to keep it, and is sent as it is: refused, kept, and marked to be moved', async () => {
    const handMade = await addCommunity(phone, { name: { ky: 'Жаңы-Айыл', ru: '', en: '' }, rayonCode: '41704210000000' });
    await saveCurrentCommunityId(phone, handMade);
    const made = await createAsset(phone, handMade, asset('Булак'));
    await signIn(phone, 'staff-a', 'password-123', 'phone', fetcher);
    const session = (await readSession(phone))!;
    expect(await handMadeWork(phone, session)).toHaveLength(1);

    await declineCarryOver(phone, handMade);
    expect(await handMadeWork(phone, session)).toEqual([]);
    expect(await heldForCarryOver(phone, session)).toEqual(new Set());
    expect(await syncNow(phone, { fetcher })).toBe('done');
    // The server does not know the community: it refuses the record, which stays on the phone with
    // its change, as needing attention, where "move" is offered.
    expect(await server.storage.getDoc('assets', made)).toBeNull();
    expect(await phone.assets.get(made)).toMatchObject({ communityId: handMade });
    const [entry] = await phone.outbox.toArray();
    expect(['forbidden_community', 'unknown_community']).toContain(entry!.rejected?.code);
    expect(await readCurrentCommunityId(phone)).toBe(handMade);
  }, 60_000);
});

describe('a phone passed between people', () => {
  it("keeps one person's unsent work from the next, never sends it as them, and sends it once its author is back", async () => {
    await signIn(phone, 'volunteer-a', 'password-123', 'phone', fetcher);
    expect(await syncNow(phone, { fetcher })).toBe('done');
    const sent = await createAsset(phone, seed.communities.a, asset('Жиберилген булак'));
    expect(await syncNow(phone, { fetcher })).toBe('done');
    // Offline now: recorded, not sent, and a form half typed.
    const unsent = await createAsset(phone, seed.communities.a, asset('Жиберилбеген жайыт'));
    await saveDraft(phone, 'asset:new', { name: 'Жарым-жартылай' });
    await signOut(phone, (() => Promise.reject(new TypeError('offline'))) as typeof fetch);

    // Nothing private of hers is readable by whoever takes the phone next.
    expect(await phone.assets.get(sent)).toBeUndefined();
    expect(await phone.assets.get(unsent)).toBeUndefined();
    expect(await phone.drafts.count()).toBe(0);
    expect(await phone.outbox.where('author').equals(seed.ids['volunteer-a']!).count()).toBeGreaterThan(0);

    await signIn(phone, 'staff-b', 'password-123', 'phone', fetcher);
    expect(await syncNow(phone, { fetcher })).toBe('done');
    expect(await server.storage.getDoc('assets', unsent)).toBeNull();
    expect(await waitingForOthers(phone, seed.ids['staff-b']!)).toEqual([{ author: seed.ids['volunteer-a'], name: 'volunteer-a', count: expect.any(Number) }]);
    expect(await phone.assets.get(sent)).toBeUndefined();
    // Nor does her work go into the next person's backup file, of either kind.
    const ownWork = await createAsset(phone, seed.communities.b, asset('Б жамаатынын көпүрөсү'));
    for (const scope of ['all', 'unsynced'] as const) {
      const file = await readBackupFile((await exportBackup(phone, { scope, appVersion: 'test', language: 'ky' })).blob);
      expect(file.docs.map((doc) => doc.docId)).toContain(ownWork);
      expect(file.docs.map((doc) => doc.docId)).not.toContain(unsent);
      expect(file.changes.map((change) => change.docId)).not.toContain(unsent);
      expect(file.changes.length).toBeGreaterThan(0);
    }
    expect(await syncNow(phone, { fetcher })).toBe('done');
    const ownRecords = await recordCount(phone);
    await signOut(phone, fetcher);
    expect(await recordCount(phone)).toBeLessThanOrEqual(ownRecords);

    await signIn(phone, 'volunteer-a', 'password-123', 'phone', fetcher);
    expect((await phone.assets.get(unsent))?.name).toBe('Жиберилбеген жайыт');
    expect((await phone.drafts.get('asset:new'))?.values).toMatchObject({ name: 'Жарым-жартылай' });
    expect(await syncNow(phone, { fetcher })).toBe('done');
    expect(await phone.outbox.count()).toBe(0);
    expect(await server.storage.getDoc('assets', unsent)).toMatchObject({ createdBy: seed.ids['volunteer-a'] });
    expect((await phone.assets.get(sent))?.name).toBe('Жиберилген булак');
  }, 60_000);
});
