import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset } from '../../../src/db/assets';
import { saveWithFiles, type NewFile } from '../../../src/db/attachments';
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

describe('saving a record with the photos picked before it was saved', () => {
  it('stores the record, its change, every photo and clears the draft together', async () => {
    await saveDraft(db, 'asset:new', { ...bridge, pendingPhotos: [] });
    const id = await saveWithFiles(db, 'assets', () => createAsset(db, 'community-1', bridge, { clearDraft: 'asset:new' }), [photo('one'), photo('two'), photo('three')]);
    const asset = await db.assets.get(id);
    expect(asset!.photos).toHaveLength(3);
    expect((await db.photos.toArray()).map((row) => row.docId)).toEqual([id, id, id]);
    expect(await db.outbox.where('docId').equals(id).count()).toBeGreaterThan(0);
    expect(await readDraft(db, 'asset:new')).toBeUndefined();
  });

  it('leaves nothing and keeps the draft when one photo cannot be stored', async () => {
    await saveDraft(db, 'asset:new', { ...bridge, pendingPhotos: [] });
    let stored = 0;
    db.photos.hook('creating', () => {
      stored += 1;
      if (stored === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(saveWithFiles(db, 'assets', () => createAsset(db, 'community-1', bridge, { clearDraft: 'asset:new' }), [photo('one'), photo('two')])).rejects.toThrow();
    expect(await db.assets.count()).toBe(0);
    expect(await db.photos.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await readDraft(db, 'asset:new')).toBeDefined();
  });
});
