// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import type { Storage, StorageOps } from '../../server/storage/types';
import { change } from '../server/authz-fixtures';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from '../server/harness';
import { openRawDatabase, type RawDatabase } from '../server/raw-database';

// The pull cursor with several writers (docs/several-instances.md). A writer that has taken its seq
// and not yet committed must not let a reader move its cursor past that seq: with a seq taken
// from a sequence at insert it does, and the reader never gets that record. Here the first
// instance is held between taking its seq and committing, while the second takes writes and
// answers a reader's pull.

const dataDir = mkdtempSync(join(tmpdir(), 'ashar-cursor-race-'));
let held: TestServer;
let other: TestServer;
let raw: RawDatabase;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
/** Set by the test: the next transaction of the held instance that wrote a document waits for it before committing. */
let hold: { reached: () => void; release: Promise<void> } | null = null;
/** Lets the held transaction commit (also at the end, should the test fail while it is held). */
let releaseHeld = () => {};

/** The storage, with each transaction that wrote a document stopping before its commit while `hold` is set. */
function holdable(storage: Storage): Storage {
  return {
    ...storage,
    transaction: <T>(work: (tx: StorageOps) => Promise<T>) =>
      storage.transaction(async (tx) => {
        let wrote = false;
        const result = await work({
          ...tx,
          putDoc: (doc) => {
            wrote = true;
            return tx.putDoc(doc);
          },
        });
        if (wrote && hold) {
          const { reached, release } = hold;
          hold = null;
          reached();
          await release;
        }
        return result;
      }),
  };
}

beforeAll(async () => {
  held = await startServer({ dataDir, wrapStorage: holdable });
  other = await startServer({ dataDir });
  seed = await seedAccounts(other);
  raw = await openRawDatabase(dataDir);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  releaseHeld();
  await raw?.close();
  await held?.close();
  await other?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const asset = (name: string) => change('assets', newId(), { communityId: seed.communities.a, name, category: 'natural' });
const sync = (server: TestServer, token: string, changes: unknown[], cursor: string | null) =>
  server.request('POST', '/sync', { token, body: { clientId: `race-${token.slice(0, 6)}`, cursor, changes } });

/**
 * Waits until some transaction in the database waits for a lock (the second writer, behind the
 * held one), or until `done` settles (a second writer that waits for nothing).
 */
async function waitsForALock(done: Promise<unknown>): Promise<void> {
  let settled = false;
  void done.finally(() => (settled = true));
  while (!settled) {
    const [row] = await raw.all("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if (Number(row!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a writer held between taking its seq and committing', () => {
  it('keeps a reader on another instance from pulling past it: the reader gets both records once both commit', async () => {
    const reader = seed.tokens['volunteer-a']!;
    let cursor = (await sync(other, reader, [], null)).body.cursor as string;
    for (;;) {
      const page = await sync(other, reader, [], cursor);
      cursor = page.body.cursor;
      if (!page.body.more) break;
    }
    // Both writers have synced before: nothing of theirs but the race is new to the database (a
    // first sync also notes the writer's key set, which the second would wait for on its own).
    const writer = seed.tokens['staff-a']!;
    for (const server of [held, other]) expect((await sync(server, writer, [], null)).status).toBe(200);
    const reached = new Promise<void>((resolve) => {
      hold = { reached: resolve, release: new Promise<void>((done) => (releaseHeld = done)) };
    });
    const first = asset('Held before its commit');
    const second = asset('Written meanwhile');
    const firstSync = sync(held, writer, [first], null);
    await reached;
    // The second writer waits for the held one's lock, on the other instance.
    const secondSync = sync(other, writer, [second], null);
    await waitsForALock(secondSync);
    // The reader pulls meanwhile, from the other instance. (With a seq taken at insert, the
    // second writer would have committed by now, and this pull would move the cursor past the
    // held record's seq.)
    const during = await sync(other, reader, [], cursor);
    expect(during.status).toBe(200);
    cursor = during.body.cursor;
    releaseHeld();
    expect((await firstSync).body.acked).toEqual([first.id]);
    expect((await secondSync).body.acked).toEqual([second.id]);
    const after = await sync(other, reader, [], cursor);
    const received = [...during.body.docs, ...after.body.docs].map((doc: { docId: string }) => doc.docId);
    expect(received.sort()).toEqual([first.docId, second.docId].sort());
  });

  it('on a naive sequence (taken at insert, no lock to commit), the same interleaving loses the held record', async () => {
    // The control: what the scheme above prevents, on a table of its own in the same database.
    await raw.run('CREATE TABLE naive_docs (seq BIGSERIAL PRIMARY KEY, name TEXT NOT NULL)');
    const writers = [await openRawDatabase(dataDir), await openRawDatabase(dataDir)] as const;
    try {
      await writers[0].run('BEGIN');
      await writers[0].run("INSERT INTO naive_docs (name) VALUES ('held')");
      await writers[1].run("INSERT INTO naive_docs (name) VALUES ('meanwhile')");
      const seen = await raw.all('SELECT seq, name FROM naive_docs WHERE seq > 0 ORDER BY seq');
      const cursor = Math.max(...seen.map((row) => Number(row.seq)));
      await writers[0].run('COMMIT');
      const next = await raw.all('SELECT seq, name FROM naive_docs WHERE seq > ? ORDER BY seq', [cursor]);
      const reached = [...seen, ...next].map((row) => row.name);
      expect(reached).toEqual(['meanwhile']);
    } finally {
      for (const writer of writers) await writer.close();
    }
  });
});
