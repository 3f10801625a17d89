// @vitest-environment node
// Node's own Blob survives fake-indexeddb's structured clone (jsdom's does not), so photos make the
// whole trip here: out of one database, onto the shelf, into a database the browser emptied.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAsset, updateAsset } from '../../../src/db/assets';
import { attachFile } from '../../../src/db/attachments';
import { BackupError } from '../../../src/db/backup';
import { AsharDb } from '../../../src/db/database';
import { SAFETY_COPY_RECORDS, type FileShelf } from '../../../src/db/private-files';
import { KEEP_FREE_BYTES, restoreSafetyCopy, writeSafetyCopy } from '../../../src/db/safety-copy';
import { keepSafetyCopy } from '../../../src/db/safety-watch';
import { readCurrentCommunityId, saveCurrentCommunityId } from '../../../src/db/settings';
import { leaveSharedPhone, sharedPhoneTables } from '../../../src/sync/shared-phone';
import { COMMUNITY, spring } from './phone-fixtures';

const photoBytes = (seed: number) => Uint8Array.from({ length: 50_000 }, (_, index) => (index * 31 + seed) % 251);

/** The private file system, in memory, counting what is written. */
class MemoryShelf implements FileShelf {
  files = new Map<string, Blob>();
  writes: string[] = [];
  names() {
    return Promise.resolve([...this.files.keys()]);
  }
  read(name: string) {
    return Promise.resolve(this.files.get(name) ?? null);
  }
  write(name: string, content: Blob) {
    this.writes.push(name);
    this.files.set(name, content);
    return Promise.resolve();
  }
  remove(name: string) {
    this.files.delete(name);
    return Promise.resolve();
  }
}

let counter = 0;
const opened: AsharDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

async function emptyPhone(): Promise<AsharDb> {
  counter += 1;
  const db = new AsharDb(`safety-copy-test-${counter}`);
  await db.open();
  opened.push(db);
  return db;
}

async function phoneWithWork(): Promise<{ db: AsharDb; assetId: string }> {
  const db = await emptyPhone();
  await db.communities.put(COMMUNITY);
  await saveCurrentCommunityId(db, COMMUNITY.id);
  const assetId = await createAsset(db, COMMUNITY.id, spring);
  await attachFile(db, 'assets', assetId, { blob: new Blob([photoBytes(1)], { type: 'image/jpeg' }), mime: 'image/jpeg', width: 40, height: 30 });
  return { db, assetId };
}

describe('the safety copy of work not sent yet', () => {
  it('brings back, into a database the browser emptied, every waiting change, its record and photo, and the community', async () => {
    const { db, assetId } = await phoneWithWork();
    const shelf = new MemoryShelf();
    expect(await writeSafetyCopy(db, shelf, 'test')).toBe('written');
    const waiting = await db.outbox.toArray();

    const emptied = await emptyPhone();
    const summary = await restoreSafetyCopy(emptied, shelf);
    expect(summary).toMatchObject({ added: 1, changesQueued: waiting.length, photosAdded: 1, communityChosen: COMMUNITY.id });
    expect(await readCurrentCommunityId(emptied)).toBe(COMMUNITY.id);
    expect((await emptied.assets.get(assetId))?.name).toBe('Булак');
    expect((await emptied.outbox.toArray()).map((entry) => entry.changeId).sort()).toEqual(waiting.map((entry) => entry.changeId).sort());
    const [photo] = await emptied.photos.toArray();
    expect(new Uint8Array(await photo!.blob.arrayBuffer())).toEqual(photoBytes(1));
    expect(photo!.uploaded).toBe(0);
    // Brought back twice (two tabs starting at once), it adds nothing the second time.
    expect(await restoreSafetyCopy(emptied, shelf)).toMatchObject({ added: 0, changesQueued: 0, photosAdded: 0 });
  });

  it('writes each photo once, follows edits, and is removed once nothing waits', async () => {
    const { db, assetId } = await phoneWithWork();
    const shelf = new MemoryShelf();
    await writeSafetyCopy(db, shelf, 'test');
    const photoFiles = () => [...shelf.files.keys()].filter((name) => name !== SAFETY_COPY_RECORDS);
    expect(photoFiles()).toHaveLength(1);

    await updateAsset(db, assetId, { ...spring, description: 'Тазаланды' });
    await attachFile(db, 'assets', assetId, { blob: new Blob([photoBytes(2)], { type: 'image/jpeg' }), mime: 'image/jpeg', width: 40, height: 30 });
    shelf.writes = [];
    await writeSafetyCopy(db, shelf, 'test');
    // Only the new photo and the records: the first photo is not written again.
    expect(shelf.writes.filter((name) => name !== SAFETY_COPY_RECORDS)).toHaveLength(1);
    expect(photoFiles()).toHaveLength(2);
    const emptied = await emptyPhone();
    await restoreSafetyCopy(emptied, shelf);
    expect((await emptied.assets.get(assetId))?.description).toBe('Тазаланды');
    expect(await emptied.photos.count()).toBe(2);

    // Everything sent (the server acknowledged it, and the files were uploaded): nothing to keep.
    await db.outbox.clear();
    await db.photos.toCollection().modify({ uploaded: 1 });
    expect(await writeSafetyCopy(db, shelf, 'test')).toBe('cleared');
    expect(shelf.files.size).toBe(0);
    expect(await restoreSafetyCopy(await emptyPhone(), shelf)).toBeNull();
  });

  it('leaves out a photo that would leave the app too little room, keeping its record and change', async () => {
    const { db, assetId } = await phoneWithWork();
    const shelf = new MemoryShelf();
    const tight = { freeBytes: () => Promise.resolve(KEEP_FREE_BYTES + 10_000) };
    expect(await writeSafetyCopy(db, shelf, 'test', tight)).toBe('written');
    expect([...shelf.files.keys()]).toEqual([SAFETY_COPY_RECORDS]);
    const emptied = await emptyPhone();
    expect(await restoreSafetyCopy(emptied, shelf)).toMatchObject({ added: 1, photosAdded: 0 });
    expect((await emptied.assets.get(assetId))?.name).toBe('Булак');
    // With room again, the photo goes in.
    await writeSafetyCopy(db, shelf, 'test', { freeBytes: () => Promise.resolve(KEEP_FREE_BYTES + 200_000) });
    expect(shelf.files.size).toBe(2);
  });

  it('leaves out a photo whose file is damaged, and refuses a damaged copy changing nothing', async () => {
    const { db } = await phoneWithWork();
    const shelf = new MemoryShelf();
    await writeSafetyCopy(db, shelf, 'test');
    const [photoName] = [...shelf.files.keys()].filter((name) => name !== SAFETY_COPY_RECORDS);
    shelf.files.set(photoName!, new Blob([photoBytes(9)]));
    const emptied = await emptyPhone();
    expect(await restoreSafetyCopy(emptied, shelf)).toMatchObject({ added: 1, photosAdded: 0 });

    const records = await shelf.files.get(SAFETY_COPY_RECORDS)!.text();
    for (const damaged of [records.slice(0, records.length / 2), records.replace('"changes":[', '"changes":[{"id":1},')]) {
      shelf.files.set(SAFETY_COPY_RECORDS, new Blob([damaged]));
      const other = await emptyPhone();
      await expect(restoreSafetyCopy(other, shelf)).rejects.toBeInstanceOf(BackupError);
      expect(await other.assets.count()).toBe(0);
      expect(await other.outbox.count()).toBe(0);
    }
  });

  it('is written a moment after the waiting work changes, one write at a time, while the app runs', async () => {
    const { db, assetId } = await phoneWithWork();
    const shelf = new MemoryShelf();
    let writes = 0;
    const stop = keepSafetyCopy(
      db,
      shelf,
      async () => {
        writes += 1;
        await writeSafetyCopy(db, shelf, 'test');
      },
      20,
    );
    try {
      await vi.waitFor(() => expect(shelf.files.has(SAFETY_COPY_RECORDS)).toBe(true), { timeout: 10_000 });
      await updateAsset(db, assetId, { ...spring, name: 'Жаңы булак' });
      await vi.waitFor(async () => expect(await shelf.files.get(SAFETY_COPY_RECORDS)!.text()).toContain('Жаңы булак'), { timeout: 10_000 });
      await db.outbox.clear();
      await db.photos.toCollection().modify({ uploaded: 1 });
      await vi.waitFor(() => expect(shelf.files.size).toBe(0), { timeout: 10_000 });
      expect(writes).toBeGreaterThanOrEqual(3);
    } finally {
      stop();
    }
  });

  it('is written at once after a change, not an interval later: a phone may be switched off right after "Saved"', async () => {
    const db = await emptyPhone();
    await db.communities.put(COMMUNITY);
    await saveCurrentCommunityId(db, COMMUNITY.id);
    const shelf = new MemoryShelf();
    const stop = keepSafetyCopy(db, shelf, () => writeSafetyCopy(db, shelf, 'test'), 10 * 60_000);
    try {
      await createAsset(db, COMMUNITY.id, spring);
      await vi.waitFor(async () => expect(await shelf.files.get(SAFETY_COPY_RECORDS)?.text()).toContain('Булак'), { timeout: 10_000 });
    } finally {
      stop();
    }
  });

  it('follows who is signed in: a person signing out of a shared phone takes their work out of the copy', async () => {
    const db = await emptyPhone();
    await db.communities.put(COMMUNITY);
    await saveCurrentCommunityId(db, COMMUNITY.id);
    await db.meta.put({ key: 'session', value: { token: 't', user: { id: 'person-a', role: 'staff', communityIds: [COMMUNITY.id] } } });
    const assetId = await createAsset(db, COMMUNITY.id, spring);
    await attachFile(db, 'assets', assetId, { blob: new Blob([photoBytes(1)], { type: 'image/jpeg' }), mime: 'image/jpeg', width: 40, height: 30 });
    const shelf = new MemoryShelf();
    const stop = keepSafetyCopy(db, shelf, () => writeSafetyCopy(db, shelf, 'test'), 20);
    try {
      await vi.waitFor(async () => expect(await shelf.files.get(SAFETY_COPY_RECORDS)?.text()).toContain('Булак'), { timeout: 10_000 });
      // Signing out as the app does: their work is parked for them, and no one is signed in.
      await db.transaction('rw', sharedPhoneTables(db), async () => {
        await leaveSharedPhone(db, 'person-a');
        await db.meta.put({ key: 'session', value: null });
      });
      await vi.waitFor(() => expect(shelf.files.size).toBe(0), { timeout: 10_000 });
    } finally {
      stop();
    }
  });

  it('loads nothing and writes nothing on a phone with nothing waiting and no copy', async () => {
    const db = await emptyPhone();
    const shelf = new MemoryShelf();
    let writes = 0;
    let read = false;
    shelf.read = (name: string) => {
      read = true;
      return Promise.resolve(shelf.files.get(name) ?? null);
    };
    const stop = keepSafetyCopy(
      db,
      shelf,
      () => {
        writes += 1;
        return Promise.resolve();
      },
      1,
    );
    try {
      await vi.waitFor(() => expect(read).toBe(true), { timeout: 10_000 });
      expect(writes).toBe(0);
    } finally {
      stop();
    }
  });
});
