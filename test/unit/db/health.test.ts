import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset } from '../../../src/db/assets';
import { attachFile } from '../../../src/db/attachments';
import { AsharDb } from '../../../src/db/database';
import { writeDoc } from '../../../src/db/docs';
import { readHealth, STALE_AFTER_MS, summarizeHealth } from '../../../src/db/health';
import { setMeta } from '../../../src/db/meta';
import { applyResponse } from '../../../src/sync/engine';

let db: AsharDb;
let counter = 0;
const COMMUNITY = '7fc3aef0-5eaa-4b63-8ff0-4fc6645e39b6';
const DAY = 24 * 60 * 60 * 1000;

beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`health-test-${counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const spring = { name: 'Булак', category: 'natural' as const, description: 'Таза суу' };

/** Moves every waiting change and file back in time, as if made `ms` ago. */
async function age(ms: number, now: number) {
  const then = new Date(now - ms).toISOString();
  await db.outbox.toCollection().modify({ queuedAt: then });
  await db.photos.toCollection().modify({ createdAt: then });
}

describe('storage health', () => {
  it('reports an empty phone as healthy, never synced', async () => {
    expect(await readHealth(db, Date.now())).toEqual({
      changes: { count: 0, byCollection: {}, refused: 0, oldestAt: null },
      files: { count: 0, bytes: 0, oldestAt: null },
      lastSyncAt: null,
      lastBackupAt: null,
      oldestUnsyncedAt: null,
      stale: false,
    });
  });

  it('counts waiting changes by collection and waiting files with their bytes, oldest first', async () => {
    const first = await createAsset(db, COMMUNITY, spring);
    await createAsset(db, COMMUNITY, { ...spring, name: 'Мектеп' });
    await writeDoc(db, 'workshops', '0b5d5200-0000-4000-8000-000000000001', {
      communityId: COMMUNITY,
      title: 'Семинар',
      type: 'seminar',
      startDate: '2026-11-01',
    });
    await attachFile(db, 'assets', first, { blob: new Blob([new Uint8Array(1500)]), mime: 'image/jpeg' });
    await attachFile(db, 'assets', first, { blob: new Blob([new Uint8Array(500).fill(7)]), mime: 'image/jpeg' });
    // An uploaded file is safe on the server: not counted.
    const big = (await db.photos.toArray()).find((photo) => photo.size === 1500)!;
    await db.photos.update(big.id, { uploaded: 1 });
    const oldest = (await db.outbox.orderBy('seq').first())!.queuedAt;

    const health = await readHealth(db, Date.now());
    expect(health.changes).toMatchObject({ count: 5, byCollection: { assets: 4, workshops: 1 }, oldestAt: oldest });
    expect(health.files.count).toBe(1);
    expect(health.files.bytes).toBe(500);
    expect(health.oldestUnsyncedAt).toBe(oldest);
    expect(health.stale).toBe(false);
  });

  it('warns once work has waited more than three days, whether a change or a file', async () => {
    const now = Date.now();
    const id = await createAsset(db, COMMUNITY, spring);
    await age(STALE_AFTER_MS - 60_000, now);
    expect((await readHealth(db, now)).stale).toBe(false);
    await age(STALE_AFTER_MS + 60_000, now);
    expect((await readHealth(db, now)).stale).toBe(true);

    // Only a file waits now (its record reached the server long ago).
    await db.outbox.clear();
    await attachFile(db, 'assets', id, { blob: new Blob([new Uint8Array(10)]), mime: 'image/jpeg' });
    await db.outbox.clear();
    expect((await readHealth(db, now)).stale).toBe(false);
    await age(4 * DAY, now);
    const health = await readHealth(db, now);
    expect(health).toMatchObject({ stale: true, changes: { count: 0 }, files: { count: 1 } });
  });

  it('shows the time of the last successful sync the engine records, and of the last backup file', async () => {
    await applyResponse(
      db,
      { acked: [], rejected: [], docs: [], cursor: '7', more: false, serverTime: '2026-11-20T10:00:00.000Z' },
      { sentAt: Date.parse('2026-11-20T10:00:00.000Z'), receivedAt: Date.parse('2026-11-20T10:00:01.000Z') },
    );
    await setMeta(db, 'lastBackupAt', '2026-11-21T08:00:00.000Z');
    expect(await readHealth(db, Date.now())).toMatchObject({ lastSyncAt: '2026-11-20T10:00:01.000Z', lastBackupAt: '2026-11-21T08:00:00.000Z' });
  });

  it('counts refused changes among the waiting ones, and ignores unreadable times', () => {
    const now = Date.parse('2026-11-23T12:00:00.000Z');
    const health = summarizeHealth(
      {
        outbox: [
          { collection: 'assets', queuedAt: 'not a time' },
          { collection: 'caseStudies', queuedAt: '2026-11-22T12:00:00.000Z', rejected: { code: 'forbidden_community', message: '' } },
        ],
        pendingFiles: [{ size: 2048, createdAt: '2026-11-19T12:00:00.000Z' }],
        lastSyncAt: null,
        lastBackupAt: null,
      },
      now,
    );
    expect(health.changes).toEqual({ count: 2, byCollection: { assets: 1, caseStudies: 1 }, refused: 1, oldestAt: '2026-11-22T12:00:00.000Z' });
    expect(health).toMatchObject({ oldestUnsyncedAt: '2026-11-19T12:00:00.000Z', stale: true, files: { count: 1, bytes: 2048 } });
  });
});
