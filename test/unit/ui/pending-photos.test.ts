// @vitest-environment node
// Node's own Blob survives fake-indexeddb's structured clone (jsdom's does not).
import { beforeEach, describe, expect, it } from 'vitest';
import { createAsset } from '../../../src/db/assets';
import { keepPendingFile } from '../../../src/db/attachments';
import { db } from '../../../src/db/instance';
import { saveWithPendingPhotos } from '../../../src/ui/pending-photos';

const RECORD = '2f8d3c4b-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const spring = { name: 'Булак', category: 'natural' as const, description: '' };
const file = (text: string) => ({ blob: new Blob([text], { type: 'image/jpeg' }), mime: 'image/jpeg' as const, thumb: 'data:image/jpeg;base64,/9j/' });

beforeEach(async () => {
  await db.delete();
  await db.open();
});

describe('saving a new record with the photos of its form', () => {
  it('stores the bytes a draft from an older version still holds, with the photos kept since, under the record', async () => {
    const kept = await keepPendingFile(db, 'assets', RECORD, file('kept when picked'));
    const { docId, photoProblem } = await saveWithPendingPhotos('assets', RECORD, () => createAsset(db, 'community-1', spring, { id: RECORD }), [
      file('left in an old draft'),
      kept,
    ]);
    expect(photoProblem).toBeNull();
    expect(docId).toBe(RECORD);
    const listed = (await db.assets.get(RECORD))!.photos!;
    expect(listed).toHaveLength(2);
    expect((await db.photos.toArray()).map((row) => [row.docId, listed.some((item) => item.hash === row.hash)])).toEqual([
      [RECORD, true],
      [RECORD, true],
    ]);
  });

  it('saves the text without those old bytes when they do not fit, and says so', async () => {
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    db.photos.hook('creating', full);
    try {
      const { photoProblem } = await saveWithPendingPhotos('assets', RECORD, () => createAsset(db, 'community-1', spring, { id: RECORD }), [
        file('left in an old draft'),
      ]);
      expect(photoProblem).toBe('files.storageFull');
    } finally {
      db.photos.hook('creating').unsubscribe(full);
    }
    expect((await db.assets.get(RECORD))!.name).toBe('Булак');
  });
});
