import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset } from '../../../src/db/assets';
import { attachFile, detachFile, dropPendingFiles, keepPendingFile, saveWithFiles, sweepOrphanFiles, type NewFile } from '../../../src/db/attachments';
import { unsentFiles } from '../../../src/db/saved-files';
import { AsharDb } from '../../../src/db/database';
import { readDraft, saveDraft } from '../../../src/db/drafts';

let db: AsharDb;
let counter = 0;

beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`attachments-test-${counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const bridge = { name: 'Көпүрө', category: 'physical' as const, description: 'Суунун үстүндөгү эски көпүрө' };
const photo = (text: string): NewFile => ({ blob: new Blob([text], { type: 'image/webp' }), mime: 'image/webp', width: 4, height: 3 });
const RECORD = '6c0f6f5e-2a52-4c4b-9d55-3f1f7b0b8a11';

/** The phone is full: every new file is refused, as Chromium refuses a write past the quota. */
function fillUp(target: AsharDb) {
  target.photos.hook('creating', () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
}

/** The form of a new asset with photos picked: each kept under the id the asset will have. */
async function formWithPhotos(texts: string[]) {
  const kept = [];
  for (const text of texts) kept.push(await keepPendingFile(db, 'assets', RECORD, photo(text)));
  await saveDraft(db, 'asset:new', { ...bridge, recordId: RECORD, pendingPhotos: kept });
  return kept;
}

const save = (kept: Awaited<ReturnType<typeof formWithPhotos>>) =>
  saveWithFiles(db, 'assets', () => createAsset(db, 'community-1', bridge, { clearDraft: 'asset:new', id: RECORD }), kept);

describe('photos picked before their record is first saved', () => {
  it('are kept when picked, under the id the record will have, and listed when it is saved, with its change and the cleared draft', async () => {
    const kept = await formWithPhotos(['one', 'two', 'three']);
    expect((await db.photos.toArray()).map((row) => row.docId)).toEqual([RECORD, RECORD, RECORD]);
    expect(await db.assets.count()).toBe(0);

    const id = await save(kept);
    expect(id).toBe(RECORD);
    expect((await db.assets.get(id))!.photos!.map((listed) => listed.hash)).toEqual(kept.map((file) => file.hash));
    expect(await db.photos.count()).toBe(3);
    expect(await db.outbox.where('docId').equals(id).count()).toBeGreaterThan(0);
    expect(await readDraft(db, 'asset:new')).toBeUndefined();
  });

  it('leave nothing new and keep the draft with its photos when the save fails halfway', async () => {
    const kept = await formWithPhotos(['one', 'two']);
    db.outbox.hook('creating', () => {
      throw new Error('The phone died here.');
    });
    await expect(save(kept)).rejects.toThrow();
    expect(await db.assets.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.photos.count()).toBe(2);
    expect((await readDraft(db, 'asset:new'))!.values.pendingPhotos).toHaveLength(2);
  });

  it('are saved with their record on a phone that has filled up since: saving writes no file', async () => {
    const kept = await formWithPhotos(['one', 'two']);
    fillUp(db);
    const id = await save(kept);
    expect((await db.assets.get(id))!.photos).toHaveLength(2);
  });

  it('are refused when picked on a full phone, storing nothing', async () => {
    fillUp(db);
    await expect(keepPendingFile(db, 'assets', RECORD, photo('one'))).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(await db.photos.count()).toBe(0);
  });

  it('are kept once each, and go when taken off the form or when the form is thrown away, but never once their record lists them', async () => {
    const [one, two] = await formWithPhotos(['one', 'two']);
    await keepPendingFile(db, 'assets', RECORD, photo('one'));
    expect(await db.photos.count()).toBe(2);
    await dropPendingFiles(db, 'assets', RECORD, two!.hash);
    expect((await db.photos.toArray()).map((row) => row.hash)).toEqual([one!.hash]);

    await save([one!]);
    await dropPendingFiles(db, 'assets', RECORD);
    expect(await db.photos.count()).toBe(1);

    const other = '0b7a3c1e-5d2f-4e8a-9c6b-1a2b3c4d5e6f';
    await keepPendingFile(db, 'assets', other, photo('three'));
    await dropPendingFiles(db, 'assets', other);
    expect((await db.photos.toArray()).map((row) => row.docId)).toEqual([RECORD]);
  });

  it('are not listed when their row is gone (taken off in another tab)', async () => {
    const [one, two] = await formWithPhotos(['one', 'two']);
    await dropPendingFiles(db, 'assets', RECORD, one!.hash);
    await save([one!, two!]);
    expect((await db.assets.get(RECORD))!.photos!.map((listed) => listed.hash)).toEqual([two!.hash]);
  });
});

describe('photos of forms, among the rest', () => {
  it('do not count as waiting to be sent until their record is saved', async () => {
    const kept = await formWithPhotos(['one']);
    expect(await unsentFiles(db)).toEqual([]);
    await save(kept);
    expect((await unsentFiles(db)).map((file) => file.hash)).toEqual([kept[0]!.hash]);
  });

  it('are swept once a week old when neither a record nor a form lists them, and only then', async () => {
    await formWithPhotos(['listed by the form']);
    const orphan = await keepPendingFile(db, 'assets', '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d', photo('left by a tab that died'));
    const saved = await formWithPhotos(['saved']);
    await save(saved);
    const now = Date.now();
    expect(await sweepOrphanFiles(db, now + 6 * 24 * 60 * 60 * 1000)).toBe(0);
    expect(await sweepOrphanFiles(db, now + 8 * 24 * 60 * 60 * 1000)).toBe(1);
    expect((await db.photos.toArray()).map((file) => file.hash).sort()).not.toContain(orphan.hash);
    expect(await db.photos.count()).toBe(2);
  });
});

describe('the same photo on two records', () => {
  it('is kept once for each, so taking it off one, or throwing away a form that had it, leaves the other its file to send', async () => {
    const first = await createAsset(db, 'community-1', bridge);
    const second = await createAsset(db, 'community-1', { ...bridge, name: 'Экинчи көпүрө' });
    const shared = await attachFile(db, 'assets', first, photo('one sheet'));
    await attachFile(db, 'assets', second, photo('one sheet'));
    await keepPendingFile(db, 'assets', RECORD, photo('one sheet'));
    await detachFile(db, 'assets', first, shared.hash);
    await dropPendingFiles(db, 'assets', RECORD);
    expect((await unsentFiles(db)).map((file) => [file.docId, file.hash])).toEqual([[second, shared.hash]]);
  });
});
