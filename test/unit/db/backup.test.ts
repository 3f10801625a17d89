// @vitest-environment node
// Node's own Blob survives fake-indexeddb's structured clone (jsdom's does not), so photos make the
// whole trip here: out of one database, through the file, into another.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc } from '../../../src/core/hlc';
import { checkChange } from '../../../src/core/protocol';
import { createAsset, deleteAsset } from '../../../src/db/assets';
import { attachFile } from '../../../src/db/attachments';
import { BackupError, exportBackup, importBackup, readBackupFile, type BackupProblem } from '../../../src/db/backup';
import { writeBackupFile } from '../../../src/db/backup-file';
import { nextStamp } from '../../../src/db/clock';
import { AsharDb } from '../../../src/db/database';
import { writeDoc } from '../../../src/db/docs';
import { getMeta } from '../../../src/db/meta';
import { toChange } from '../../../src/db/outbox';
import { readCurrentCommunityId, saveCurrentCommunityId } from '../../../src/db/settings';
import { COMMUNITY, spring } from './phone-fixtures';

const photoBytes = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 31) % 251);

let counter = 0;
const opened: AsharDb[] = [];

async function phone(communityId?: string): Promise<AsharDb> {
  counter += 1;
  const db = new AsharDb(`backup-test-${counter}`);
  await db.open();
  opened.push(db);
  if (communityId) await saveCurrentCommunityId(db, communityId);
  return db;
}

/** A phone that chose its community and recorded an asset with a photo and a deleted asset, offline. */
async function phoneWithWork(): Promise<{ db: AsharDb; assetId: string; goneId: string }> {
  const db = await phone();
  await db.communities.put(COMMUNITY);
  await saveCurrentCommunityId(db, COMMUNITY.id);
  const assetId = await createAsset(db, COMMUNITY.id, spring);
  await attachFile(db, 'assets', assetId, { blob: new Blob([photoBytes], { type: 'image/jpeg' }), mime: 'image/jpeg', width: 40, height: 30 });
  const goneId = await createAsset(db, COMMUNITY.id, { ...spring, name: 'Эски көпүрө', category: 'physical' });
  await deleteAsset(db, goneId);
  return { db, assetId, goneId };
}

/** Everything a phone holds, photos as their bytes' hash, to show that a refused file changed nothing. */
async function dump(db: AsharDb) {
  const tables: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    const rows = await table.toArray();
    tables[table.name] =
      table.name === 'photos'
        ? await Promise.all(rows.map(async ({ blob, ...row }) => ({ ...row, bytes: bytesToHex(sha256(new Uint8Array(await (blob as Blob).arrayBuffer()))) })))
        : rows;
  }
  return tables;
}

async function importFile(db: AsharDb, file: Blob) {
  return importBackup(db, await readBackupFile(file));
}

async function problemOf(promise: Promise<unknown>): Promise<BackupProblem | 'none'> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (error instanceof BackupError) return error.problem;
    throw error;
  }
}

async function withBytes(file: Blob, change: (bytes: Buffer) => void): Promise<Blob> {
  const bytes = Buffer.from(await file.arrayBuffer());
  change(bytes);
  return new Blob([bytes]);
}

const stamp = (wallMs: number, node = 'phonea') => encodeHlc({ wallMs, counter: 0, node });

beforeEach(() => {
  opened.length = 0;
});
afterEach(async () => {
  for (const db of opened) await db.delete();
});

describe('backup file: export and import', () => {
  it('carries every record, tombstone, unsent change and photo to a fresh phone', async () => {
    const { db: a, assetId, goneId } = await phoneWithWork();
    const file = await exportBackup(a, { scope: 'all', appVersion: '0.1.0', language: 'ky', now: new Date(2026, 10, 23, 14, 5) });
    expect(file.fileName).toBe('ashar-backup-ак-сай-2026-11-23-1405.json');
    expect(file.header).toMatchObject({
      format: 'ashar-backup',
      version: 1,
      scope: 'all',
      community: { id: COMMUNITY.id },
      counts: { docs: 2, changes: 4, communities: 1, photos: 1, photoBytes: photoBytes.length },
    });
    expect(file.header.deviceId).toBe(await getMeta(a, 'deviceId'));
    expect(await getMeta(a, 'lastBackupAt')).toBe(file.header.createdAt);

    const b = await phone();
    const summary = await importFile(b, file.blob);
    expect(summary).toEqual({
      added: 2,
      updated: 0,
      unchanged: 0,
      photosAdded: 1,
      photosKnown: 0,
      changesQueued: 4,
      communitiesAdded: 1,
      communityChosen: COMMUNITY.id,
      leftOut: 0,
      leftOutCommunities: [],
    });

    expect(await b.assets.get(assetId)).toEqual(await a.assets.get(assetId));
    expect((await b.assets.get(goneId))!._deleted).toBe(1);
    const [photoA, photoB] = [(await a.photos.toArray())[0]!, (await b.photos.toArray())[0]!];
    const { blob: blobA, ...restA } = photoA;
    const { blob: blobB, ...restB } = photoB;
    expect(restB).toEqual(restA);
    expect(new Uint8Array(await blobB.arrayBuffer())).toEqual(new Uint8Array(await blobA.arrayBuffer()));
    expect(blobB.type).toBe('image/jpeg');

    // The same changes, with the same ids, wait to be sent from here too; the server keeps each id once.
    const strip = ({ seq: _seq, ...entry }: { seq?: number }) => entry;
    expect((await b.outbox.orderBy('seq').toArray()).map(strip)).toEqual((await a.outbox.orderBy('seq').toArray()).map(strip));
    for (const entry of await b.outbox.toArray()) expect(checkChange(toChange(entry))).toMatchObject({ ok: true });
    expect(await b.communities.get(COMMUNITY.id)).toEqual(COMMUNITY);
    expect(await readCurrentCommunityId(b)).toBe(COMMUNITY.id);
  });

  it('exports only unsent work when asked: the records the outbox touches and files not uploaded', async () => {
    const { db: a, assetId } = await phoneWithWork();
    // The first asset and its photo reached the server already.
    await a.outbox.where('docId').equals(assetId).delete();
    await a.photos.toCollection().modify({ uploaded: 1 });
    const pending = await createAsset(a, COMMUNITY.id, { ...spring, name: 'Мектеп', category: 'physical' });
    const { blob, header } = await exportBackup(a, { scope: 'unsynced', appVersion: '0.1.0', language: 'ky' });
    const parsed = await readBackupFile(blob);
    const outboxDocs = new Set((await a.outbox.toArray()).map((entry) => entry.docId));
    expect(new Set(parsed.docs.map((doc) => doc.docId))).toEqual(outboxDocs);
    expect(parsed.docs.map((doc) => doc.docId)).toContain(pending);
    expect(parsed.docs.map((doc) => doc.docId)).not.toContain(assetId);
    expect(parsed.photos).toEqual([]);
    expect(parsed.changes.map((change) => change.id).sort()).toEqual((await a.outbox.toArray()).map((entry) => entry.changeId).sort());
    expect(header.scope).toBe('unsynced');
  });

  it('merges by the sync rule: the newer field wins on each side, and a delete wins', async () => {
    const a = await phone();
    const b = await phone(COMMUNITY.id);
    const t = Date.parse('2026-11-01T00:00:00.000Z');
    const [x, y, z] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
    const base = { communityId: COMMUNITY.id, category: 'natural', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };
    const row = (id: string, fields: Record<string, unknown>, versions: Record<string, string>, deleted: 0 | 1 = 0) =>
      ({
        id,
        ...base,
        ...fields,
        _v: { communityId: stamp(t), category: stamp(t), createdAt: stamp(t), updatedAt: stamp(t), ...versions },
        _deleted: deleted,
      }) as never;
    // x: A renamed it later; B edited the description later.
    await a.assets.put(row(x, { name: 'A name', description: 'A text' }, { name: stamp(t + 2000), description: stamp(t + 1000) }));
    await b.assets.put(row(x, { name: 'B name', description: 'B text' }, { name: stamp(t + 1000, 'phoneb'), description: stamp(t + 3000, 'phoneb') }));
    // y: A deleted it before B's last edit; the delete still wins.
    await a.assets.put(row(y, { name: 'Y', description: '' }, { name: stamp(t), description: stamp(t), _deleted: stamp(t + 1000) }, 1));
    await b.assets.put(row(y, { name: 'Y edited on B', description: '' }, { name: stamp(t + 5000, 'phoneb'), description: stamp(t) }));
    // z: B deleted it; A's later edit does not bring it back.
    await a.assets.put(row(z, { name: 'Z edited on A', description: '' }, { name: stamp(t + 5000), description: stamp(t) }));
    await b.assets.put(row(z, { name: 'Z', description: '' }, { name: stamp(t), description: stamp(t), _deleted: stamp(t + 1000, 'phoneb') }, 1));

    const { blob } = await exportBackup(a, { scope: 'all', appVersion: '0.1.0', language: 'ky' });
    const summary = await importFile(b, blob);
    expect(summary).toMatchObject({ added: 0, updated: 3, unchanged: 0, changesQueued: 0 });

    const mergedX = (await b.assets.get(x))!;
    expect(mergedX).toMatchObject({ name: 'A name', description: 'B text', _deleted: 0 });
    expect(mergedX._v).toMatchObject({ name: stamp(t + 2000), description: stamp(t + 3000, 'phoneb') });
    expect((await b.assets.get(y))!._deleted).toBe(1);
    expect((await b.assets.get(z))!._deleted).toBe(1);
  });

  it('changes nothing when the same file is brought in again, or into the phone that made it', async () => {
    const { db: a } = await phoneWithWork();
    const { blob } = await exportBackup(a, { scope: 'all', appVersion: '0.1.0', language: 'ky' });
    const b = await phone();
    await importFile(b, blob);
    const afterFirst = await dump(b);
    const second = await importFile(b, blob);
    expect(second).toEqual({
      added: 0,
      updated: 0,
      unchanged: 2,
      photosAdded: 0,
      photosKnown: 1,
      changesQueued: 0,
      communitiesAdded: 0,
      communityChosen: null,
      leftOut: 0,
      leftOutCommunities: [],
    });
    expect(await dump(b)).toEqual(afterFirst);

    const before = await dump(a);
    expect(await importFile(a, blob)).toMatchObject({ added: 0, updated: 0, changesQueued: 0, photosAdded: 0 });
    expect(await dump(a)).toEqual(before);
  });

  it('moves the clock past the imported stamps, so the next edit here wins over them', async () => {
    const a = await phone();
    const b = await phone(COMMUNITY.id);
    const id = '44444444-4444-4444-8444-444444444444';
    // The other phone's clock ran two minutes ahead of this one.
    const ahead = stamp(Date.now() + 120_000);
    const fields = {
      communityId: COMMUNITY.id,
      name: 'Булак',
      category: 'natural',
      description: '',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    };
    await a.assets.put({ id, ...fields, _v: Object.fromEntries(Object.keys(fields).map((field) => [field, ahead])), _deleted: 0 } as never);
    await importFile(b, (await exportBackup(a, { scope: 'all', appVersion: '0.1.0', language: 'ky' })).blob);

    await writeDoc(b, 'assets', id, { name: 'Булак (оңдолду)' });
    const row = (await b.assets.get(id))!;
    expect(row.name).toBe('Булак (оңдолду)');
    expect(row._v.name! > ahead).toBe(true);

    // A stamp a year ahead comes from a phone with a wrong date: it is kept, but not followed.
    const yearAhead = stamp(Date.now() + 365 * 24 * 3600 * 1000);
    await a.assets.update(id, { description: 'Жаңы', _v: { ...row._v, description: yearAhead } });
    await importFile(b, (await exportBackup(a, { scope: 'all', appVersion: '0.1.0', language: 'ky' })).blob);
    const next = decodeHlc(await b.transaction('rw', b.meta, () => nextStamp(b)))!;
    expect(next.wallMs).toBeLessThan(Date.now() + 24 * 3600 * 1000);
  });
  it("follows the imported stamps by the right time once the phone's date was set right after its last sync", async () => {
    const a = await phone();
    const b = await phone(COMMUNITY.id);
    const year = 365 * 24 * 3600 * 1000;
    const now = Date.now();
    // At its last sync phone b's date was a year fast: the server was a year behind it. Since then
    // its date was set right, so that correction says nothing any more.
    await b.meta.bulkPut([
      { key: 'clockOffsetMs', value: -year },
      { key: 'clockCheckedAt', value: now + year },
    ]);
    const id = '55555555-5555-4555-8555-555555555555';
    const ahead = stamp(now + 120_000);
    const fields = {
      communityId: COMMUNITY.id,
      name: 'Булак',
      category: 'natural',
      description: '',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    };
    await a.assets.put({ id, ...fields, _v: Object.fromEntries(Object.keys(fields).map((field) => [field, ahead])), _deleted: 0 } as never);
    await importBackup(b, await readBackupFile((await exportBackup(a, { scope: 'all', appVersion: '0.1.0', language: 'ky' })).blob), now);

    await writeDoc(b, 'assets', id, { name: 'Булак (оңдолду)' });
    expect((await b.assets.get(id))!._v.name! > ahead).toBe(true);
  });
});

describe('backup file: only what this phone may read', () => {
  const OTHER = '9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

  it('brings in records of its own community, shared with it or read by all, and says what it left out', async () => {
    const a = await phone(OTHER);
    const privateAsset = await createAsset(a, OTHER, { ...spring, name: 'Башка жамааттын булагы' });
    const shared = await createAsset(a, OTHER, { ...spring, name: 'Талаштуу жайыт' });
    await writeDoc(a, 'assets', shared, { sharedWith: [COMMUNITY.id] });
    const published = '55555555-5555-4555-8555-555555555555';
    await writeDoc(a, 'caseStudies', published, { communityId: OTHER, title: 'Ачык бюджет', status: 'published', topics: [] });
    const draft = '66666666-6666-4666-8666-666666666666';
    await writeDoc(a, 'caseStudies', draft, { communityId: OTHER, title: 'Долбоор', status: 'draft', topics: [] });
    const { blob } = await exportBackup(a, { scope: 'all', appVersion: '0.1.0', language: 'ky' });

    const b = await phone(COMMUNITY.id);
    const summary = await importFile(b, blob);
    expect(summary).toMatchObject({ added: 2, leftOut: 2, leftOutCommunities: [OTHER] });
    expect(await b.assets.get(privateAsset)).toBeUndefined();
    expect((await b.assets.get(shared))?.name).toBe('Талаштуу жайыт');
    expect((await b.caseStudies.get(published))?.title).toBe('Ачык бюджет');
    expect(await b.caseStudies.get(draft)).toBeUndefined();
    // Changes of left-out records are not queued here either.
    expect([...new Set((await b.outbox.toArray()).map((entry) => entry.docId))].sort()).toEqual([published, shared].sort());
  });
});

describe('backup file: refusing a bad file', () => {
  async function receiver() {
    const b = await phone();
    await createAsset(b, COMMUNITY.id, { ...spring, name: 'Өзүнүн ресурсу' });
    return b;
  }

  async function expectRefused(file: Blob, problem: BackupProblem) {
    const b = await receiver();
    const before = await dump(b);
    expect(await problemOf(importFile(b, file))).toBe(problem);
    expect(await dump(b)).toEqual(before);
  }

  async function goodFile(): Promise<Blob> {
    const { db } = await phoneWithWork();
    return (await exportBackup(db, { scope: 'all', appVersion: '0.1.0', language: 'ky' })).blob;
  }

  it('refuses a file with one byte changed, in the records or in the header', async () => {
    const file = await goodFile();
    await expectRefused(await withBytes(file, (bytes) => (bytes[bytes.indexOf('"category":"natural"') + 13] = 'm'.charCodeAt(0))), 'damaged');
    await expectRefused(await withBytes(file, (bytes) => (bytes[bytes.indexOf('"appVersion":"0.1.0"') + 14] = '9'.charCodeAt(0))), 'damaged');
    // A flipped bit inside the photo's data.
    await expectRefused(
      await withBytes(file, (bytes) => {
        const at = bytes.indexOf('"data":"') + 200;
        bytes[at] = bytes[at]! ^ 1;
      }),
      'damaged',
    );
  });

  it('refuses a file cut short', async () => {
    const file = await goodFile();
    await expectRefused(file.slice(0, file.size - 100), 'truncated');
    await expectRefused(file.slice(0, Math.floor(file.size / 2)), 'truncated');
    await expectRefused(file.slice(0, 30), 'truncated');
  });

  it('refuses what is not an Ashar backup', async () => {
    await expectRefused(new Blob(['{"type":"FeatureCollection","features":[]}']), 'not_backup');
    await expectRefused(new Blob(['{"header":{"format":"something-else","version":1},"body":{}}']), 'not_backup');
    await expectRefused(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]), 'not_backup');
    await expectRefused(new Blob([]), 'not_backup');
  });

  it('refuses a file from a newer version of the format', async () => {
    const file = await goodFile();
    await expectRefused(await withBytes(file, (bytes) => (bytes[bytes.indexOf('"version":1') + 10] = '2'.charCodeAt(0))), 'newer_version');
  });

  it('refuses a whole, well-summed file holding a record the server would refuse, or a photo that is not what it says', async () => {
    const about = { createdAt: '2026-11-23T10:00:00.000Z', deviceId: 'abcdef0123456789', appVersion: '0.1.0', scope: 'all' as const, community: null };
    const docId = '55555555-5555-4555-8555-555555555555';
    const doc = {
      collection: 'assets' as const,
      docId,
      fields: { communityId: COMMUNITY.id, name: 'Булак', category: 'spaceship' },
      versions: { name: stamp(1), category: stamp(1), communityId: stamp(1) },
      deleted: false,
    };
    const badRecord = await writeBackupFile(about, { docs: [doc], changes: [], communities: [], photos: [] });
    await expectRefused(badRecord.blob, 'bad_record');

    const badChange = await writeBackupFile(about, {
      docs: [],
      changes: [
        {
          id: '66666666-6666-4666-8666-666666666666',
          collection: 'assets',
          docId,
          hlc: stamp(1),
          set: { colour: 'red' },
          queuedAt: '2026-11-23T10:00:00.000Z',
        },
      ],
      communities: [],
      photos: [],
    });
    await expectRefused(badChange.blob, 'bad_record');

    const wrongHash = await writeBackupFile(about, {
      docs: [],
      changes: [],
      communities: [],
      photos: [
        {
          id: 'p1',
          collection: 'assets',
          docId,
          hash: bytesToHex(sha256(new Uint8Array([1, 2, 3]))),
          mime: 'image/jpeg',
          size: photoBytes.length,
          createdAt: about.createdAt,
          uploaded: 0,
          blob: new Blob([photoBytes]),
        },
      ],
    });
    await expectRefused(wrongHash.blob, 'bad_photo');
  });

  it('leaves the phone as it was when storing fails halfway', async () => {
    const file = await goodFile();
    const b = await receiver();
    const before = await dump(b);
    const parsed = await readBackupFile(file);
    // The photo comes after the records in the same transaction: a full disk there undoes them too.
    b.photos.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(importBackup(b, parsed)).rejects.toThrow();
    expect(await dump(b)).toEqual(before);
  });
});
