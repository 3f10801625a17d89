// @vitest-environment node
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStore } from '../../server/files/file-store';
import { localFileStore } from '../../server/files/local-file-store';
import { openS3FileStore } from '../../server/files/s3-file-store';
import { startS3TestServer, type S3TestServer } from './s3-test-server';
import { fileOf, readAll, sha256 } from './test-files';

// The same promises of both stores: the local directory (the default) and an S3-compatible bucket
// (a local s3rver). What each keeps where is checked at the end, store by store.

let s3: S3TestServer;
let localDir: string;
const stores: Record<'a local directory' | 'an S3 bucket', () => Promise<FileStore>> = {
  'a local directory': async () => localFileStore(localDir),
  'an S3 bucket': () => openS3FileStore(s3.settings('ashar/')),
};

beforeAll(async () => {
  s3 = await startS3TestServer();
  localDir = mkdtempSync(join(tmpdir(), 'ashar-files-'));
});
afterAll(async () => {
  await s3.close();
  rmSync(localDir, { recursive: true, force: true });
});

describe.each(Object.keys(stores) as (keyof typeof stores)[])('the file store on %s', (kind) => {
  let store: FileStore;
  beforeAll(async () => {
    store = await stores[kind]();
  });

  it('gives back a stored file whole, with its size, and nothing for a hash never stored', async () => {
    const bytes = fileOf(`${kind} whole`, 300_000);
    const hash = sha256(bytes);
    expect(await store.size(hash)).toBeNull();
    expect(await store.open(hash)).toBeNull();
    await store.put(hash, bytes);
    expect(await store.size(hash)).toBe(bytes.length);
    const opened = await store.open(hash);
    expect(opened?.size).toBe(bytes.length);
    expect((await readAll(opened!.stream)).equals(bytes)).toBe(true);
  });

  it('reads only the first bytes when asked, and still tells the whole size', async () => {
    const bytes = fileOf(`${kind} first bytes`, 100_000);
    const hash = sha256(bytes);
    await store.put(hash, bytes);
    const opened = await store.open(hash, { upTo: 16 });
    expect(opened?.size).toBe(bytes.length);
    expect(await readAll(opened!.stream)).toEqual(bytes.subarray(0, 16));
    // A file shorter than what is asked for is read whole.
    const short = Buffer.from('short');
    await store.put(sha256(short), short);
    expect(await readAll((await store.open(sha256(short), { upTo: 16 }))!.stream)).toEqual(short);
  });

  it('refuses a name that is not a hash, so nothing is read or written outside the store', async () => {
    for (const name of ['../../etc/passwd', `../${'a'.repeat(62)}`, 'A'.repeat(64), '']) {
      await expect(store.size(name)).rejects.toThrow(/Not a file hash/);
      await expect(store.open(name)).rejects.toThrow(/Not a file hash/);
      await expect(store.put(name, Buffer.from('x'))).rejects.toThrow(/Not a file hash/);
    }
  });

  it('lets many writers store the same and different files at once: every one succeeds, and each file is whole', async () => {
    const shared = fileOf(`${kind} shared`, 2_000_000);
    const own = Array.from({ length: 6 }, (_, index) => fileOf(`${kind} own ${index}`, 500_000));
    await Promise.all([...Array.from({ length: 6 }, () => store.put(sha256(shared), shared)), ...own.map((bytes) => store.put(sha256(bytes), bytes))]);
    for (const bytes of [shared, ...own]) {
      const opened = await store.open(sha256(bytes));
      expect(opened?.size).toBe(bytes.length);
      expect((await readAll(opened!.stream)).equals(bytes)).toBe(true);
    }
  }, 30_000);
});

describe('where each store keeps a file', () => {
  // s3rver rewrites an object in place (it truncates the file and writes it again), so a reader can
  // see part of an object that another PUT of the same key is writing: that S3 itself replaces an
  // object in one step cannot be shown on it. The local store's renames are checked here, and across
  // processes in local-file-store-processes.test.ts.
  it('the local directory: readers while many writers store the same file find no file or the whole one, never part of it', async () => {
    const store = localFileStore(localDir);
    const shared = fileOf('local readers', 4_000_000);
    const hash = sha256(shared);
    let writing = true;
    const seen: ('none' | 'whole' | 'part')[] = [];
    const reader = (async () => {
      while (writing) {
        const opened = await store.open(hash);
        if (!opened) seen.push('none');
        else seen.push(opened.size === shared.length && (await readAll(opened.stream)).equals(shared) ? 'whole' : 'part');
      }
    })();
    await Promise.all(Array.from({ length: 8 }, () => store.put(hash, shared)));
    writing = false;
    await reader;
    expect(seen).toContain('whole');
    expect(seen).not.toContain('part');
  }, 30_000);

  it('the local directory: <dir>/<first two hex digits>/<hash>, as always, and no temporary file left beside it', async () => {
    const bytes = fileOf('layout local', 1000);
    const hash = sha256(bytes);
    const dir = mkdtempSync(join(tmpdir(), 'ashar-files-layout-'));
    try {
      await localFileStore(dir).put(hash, bytes);
      expect(readFileSync(join(dir, hash.slice(0, 2), hash)).equals(bytes)).toBe(true);
      expect(readdirSync(dir, { recursive: true })).toEqual([hash.slice(0, 2), join(hash.slice(0, 2), hash)]);
      // A directory written by an earlier version is read as it is.
      expect(await localFileStore(dir).size(hash)).toBe(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bucket: <prefix><first two hex digits>/<hash>, so a local directory copies into it as it is', async () => {
    const bytes = fileOf('layout s3', 1000);
    const hash = sha256(bytes);
    await (await openS3FileStore(s3.settings('layout/'))).put(hash, bytes);
    expect((await s3.object(`layout/${hash.slice(0, 2)}/${hash}`))?.equals(bytes)).toBe(true);
  });

  it('the S3 store does not start on a bucket it cannot use, and says which in one line', async () => {
    await expect(openS3FileStore({ ...s3.settings(), bucket: 'no-such-bucket' })).rejects.toThrow(
      new RegExp(`^The S3 bucket "no-such-bucket" at ${s3.endpoint} cannot be used: NoSuchBucket \\(HTTP 404\\)\\.$`),
    );
    await expect(openS3FileStore({ ...s3.settings(), credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'wrong' } })).rejects.toThrow(
      /cannot be used: .*\(HTTP 403\)/,
    );
  });
});
