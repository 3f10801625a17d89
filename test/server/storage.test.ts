// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';

// The asynchronous storage over SQLite: a transaction holds across the awaits of its work, nobody
// else reads what it has not committed, and a failed one leaves nothing.

let dir: string;
let storage: Storage;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ashar-storage-'));
  storage = openSqliteStorage(join(dir, 'ashar.sqlite'));
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const community = (id: string) => ({ id, name: { ky: id, ru: id, en: id }, rayonId: null, code: null, createdAt: '2026-12-05T00:00:00.000Z' });

describe('the SQLite storage', () => {
  it('holds a transaction across awaits: a call outside it waits for the commit and never reads what is not committed', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const transaction = storage.transaction(async (tx) => {
      await tx.setState('step', 'one');
      wrote();
      await paused;
      await tx.setState('step', 'two');
      return tx.getState('step');
    });
    await written;
    const outside = storage.getState('step');
    let read = false;
    void outside.then(() => (read = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toBe(false);
    resume();
    expect(await transaction).toBe('two');
    expect(await outside).toBe('two');
  });

  it('leaves nothing of a transaction that fails, and goes on serving', async () => {
    await expect(
      storage.transaction(async (tx) => {
        await tx.createCommunity(community('gone'));
        await tx.setState('seq', '99');
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await storage.communityExists('gone')).toBe(false);
    expect(await storage.getState('seq')).toBeNull();
    await storage.createCommunity(community('kept'));
    expect(await storage.communityExists('kept')).toBe(true);
  });

  it('refuses a call on the storage itself inside a transaction (it would wait for itself)', async () => {
    await expect(storage.transaction(async () => storage.getState('seq'))).rejects.toThrow('must use its tx');
    expect(await storage.getState('seq')).toBeNull();
  });

  it('numbers documents in the order their transactions commit', async () => {
    const doc = (docId: string) => ({
      collection: 'assets' as const,
      docId,
      communityId: 'c',
      createdBy: 'u',
      fields: {},
      versions: {},
      deleted: false,
      audience: ['community:c'],
      eventId: null,
      meta: {},
    });
    const seqs = await Promise.all(['a', 'b', 'c'].map((id) => storage.transaction(async (tx) => tx.putDoc(doc(id)))));
    expect(seqs).toEqual([1, 2, 3]);
    expect(await storage.currentSeq()).toBe(3);
  });
});
