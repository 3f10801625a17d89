import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset, deleteAsset, getAsset, listAssets, updateAsset } from '../../../src/db/assets';
import { AsharDb } from '../../../src/db/database';
import { RecordTaken, writeDoc } from '../../../src/db/docs';
import { readDraft, saveDraft } from '../../../src/db/drafts';

let db: AsharDb;
let counter = 0;

beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`docs-test-${counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const spring = { name: 'Булак', category: 'natural' as const, description: 'Айылдын үстүндөгү таза суу булагы' };

describe('writing records', () => {
  it('stores a new record and its outbox entry together, stamped per field', async () => {
    const id = await createAsset(db, 'community-1', spring);
    const row = await db.assets.get(id);
    expect(row).toMatchObject({ ...spring, id, communityId: 'community-1', tags: [], _deleted: 0 });
    expect(row!.createdAt).toBe(row!.updatedAt);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ collection: 'assets', docId: id, set: { ...spring, communityId: 'community-1' } });
    for (const field of ['name', 'category', 'description', 'communityId', 'createdAt', 'updatedAt']) {
      expect(row!._v[field]).toBe(outbox[0]!.hlc);
    }
  });

  it('queues only the fields that changed, and nothing when nothing changed', async () => {
    const id = await createAsset(db, 'community-1', spring);
    expect(await updateAsset(db, id, spring)).toBe(false);
    expect(await db.outbox.count()).toBe(1);
    expect(await updateAsset(db, id, { ...spring, description: 'Жаңы сүрөттөмө' })).toBe(true);
    const [first, second] = await db.outbox.orderBy('seq').toArray();
    expect(Object.keys(second!.set!).sort()).toEqual(['description', 'updatedAt']);
    expect(second!.hlc > first!.hlc).toBe(true);
    const row = await db.assets.get(id);
    expect(row!._v.name).toBe(first!.hlc);
    expect(row!._v.description).toBe(second!.hlc);
  });

  it('deletes as a tombstone that is queued and hidden from lists', async () => {
    const keep = await createAsset(db, 'community-1', spring);
    const gone = await createAsset(db, 'community-1', { ...spring, name: 'Мектеп', category: 'physical' });
    await deleteAsset(db, gone);
    expect((await listAssets(db, 'community-1')).map((a) => a.id)).toEqual([keep]);
    expect(await getAsset(db, gone)).toBeUndefined();
    const last = await db.outbox.orderBy('seq').last();
    expect(last).toMatchObject({ docId: gone, deleted: true });
    expect((await db.assets.get(gone))!._deleted).toBe(1);
  });

  it('writes nothing at all when the transaction fails', async () => {
    const id = await createAsset(db, 'community-1', spring);
    await deleteAsset(db, id);
    const before = await db.outbox.count();
    await saveDraft(db, 'asset:x', { name: 'typed' });
    await expect(writeDoc(db, 'assets', id, { name: 'edit after delete' }, { clearDraft: 'asset:x' })).rejects.toThrow();
    expect(await db.outbox.count()).toBe(before);
    expect(await readDraft(db, 'asset:x')).toBeDefined();
  });

  it('clears the form draft in the same transaction as the save', async () => {
    await saveDraft(db, 'asset:new', { name: 'Булак' });
    await createAsset(db, 'community-1', spring, { clearDraft: 'asset:new' });
    expect(await readDraft(db, 'asset:new')).toBeUndefined();
  });

  it('never creates a record over one with the same id: it refuses, and writes nothing', async () => {
    const id = await createAsset(db, 'community-1', spring);
    await saveDraft(db, 'asset:new', { name: 'Көпүрө', recordId: id });
    const created = createAsset(db, 'community-1', { ...spring, name: 'Көпүрө' }, { id, clearDraft: 'asset:new' });
    await expect(created).rejects.toBeInstanceOf(RecordTaken);
    expect((await getAsset(db, id))?.name).toBe('Булак');
    expect(await db.outbox.count()).toBe(1);
    expect(await readDraft(db, 'asset:new')).toBeDefined();
  });

  it('lists only the chosen community, newest change first', async () => {
    const older = await createAsset(db, 'community-1', spring);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await createAsset(db, 'community-1', { ...spring, name: 'Көпүрө', category: 'physical' });
    await createAsset(db, 'community-2', spring);
    expect((await listAssets(db, 'community-1')).map((a) => a.id)).toEqual([newer, older]);
  });

  it('keeps the clock monotonic across reopening the database', async () => {
    await createAsset(db, 'c', spring);
    const first = (await db.outbox.toArray())[0]!.hlc;
    db.close();
    await db.open();
    await createAsset(db, 'c', spring);
    const stamps = (await db.outbox.orderBy('seq').toArray()).map((entry) => entry.hlc);
    expect(stamps[0]).toBe(first);
    expect(stamps[1]! > first).toBe(true);
  });
});
