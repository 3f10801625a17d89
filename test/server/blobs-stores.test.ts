// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStore } from '../../server/files/file-store';
import { localFileStore } from '../../server/files/local-file-store';
import { openS3FileStore } from '../../server/files/s3-file-store';
import { ADMIN_PASSWORD, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';
import { startS3TestServer, type S3TestServer } from './s3-test-server';
import { fileOf, sha256 } from './test-files';

// The blob routes over HTTP on each file store: two instances of the server over one database and
// one store (a shared directory, or one bucket), as several stateless instances behind a load
// balancer are. What one instance stores, the other serves, exactly as one server always did.

let s3: S3TestServer;
const stores: Record<
  'a local directory' | 'an S3 bucket',
  { open: (dataDir: string) => Promise<FileStore>; stored: (hash: string, dataDir: string) => Promise<Buffer | null> }
> = {
  'a local directory': {
    open: async (dataDir) => localFileStore(join(dataDir, 'blobs')),
    stored: async (hash, dataDir) => readFileSync(join(dataDir, 'blobs', hash.slice(0, 2), hash)),
  },
  'an S3 bucket': {
    open: () => openS3FileStore(s3.settings('instances/')),
    stored: (hash) => s3.object(`instances/${hash.slice(0, 2)}/${hash}`),
  },
};

beforeAll(async () => {
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3.close();
});

/** The store as given, counting the bytes read out of it. */
function counted(store: FileStore): { store: FileStore; bytesRead: () => number } {
  let bytes = 0;
  return {
    store: {
      ...store,
      open: async (hash, options) => {
        const opened = await store.open(hash, options);
        opened?.stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
        return opened;
      },
    },
    bytesRead: () => bytes,
  };
}

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), fileOf('blobs-stores jpeg', 50_000)]);
// Near the 10 MB limit: streamed in many pieces, from the bucket through the server to the phone.
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), fileOf('blobs-stores pdf', 9_500_000)]);

describe.each(Object.keys(stores) as (keyof typeof stores)[])('the blob routes on %s', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ashar-blobs-stores-'));
  let first: TestServer;
  let second: TestServer;
  let secondReads: () => number;
  let token: string;
  let outsider: string;

  beforeAll(async () => {
    first = await startServer({ dataDir, files: await stores[kind].open(dataDir) });
    const secondStore = counted(await stores[kind].open(dataDir));
    secondReads = secondStore.bytesRead;
    second = await startServer({ dataDir, files: secondStore.store });
    token = await first.login('admin', ADMIN_PASSWORD);
    await first.request('POST', '/users', {
      token,
      body: { username: 'outsider', password: 'password-123', displayName: 'outsider', role: 'volunteer', communityIds: [] },
    });
    outsider = await second.login('outsider', 'password-123');
  }, SERVER_FIXTURE_TIMEOUT);
  afterAll(async () => {
    await first?.close();
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const put = (server: TestServer, bytes: Buffer, type: string) =>
    server.request('PUT', `/blobs/${sha256(bytes)}`, { token, raw: new Uint8Array(bytes), headers: { 'content-type': type } });
  const fetchBlob = (server: TestServer, hash: string, method: 'GET' | 'HEAD', as = token) =>
    fetch(`${server.url}/api/v1/blobs/${hash}`, { method, headers: { authorization: `Bearer ${as}` } });

  it('stores a file sent to one instance (201, then 200 from the other) and the other serves it whole, with its type and size', async () => {
    expect(await put(first, jpeg, 'image/jpeg')).toMatchObject({ status: 201, body: { hash: sha256(jpeg), size: jpeg.length } });
    expect(await put(second, jpeg, 'image/jpeg')).toMatchObject({ status: 200, body: { hash: sha256(jpeg), size: jpeg.length } });
    expect((await stores[kind].stored(sha256(jpeg), dataDir))?.equals(jpeg)).toBe(true);

    const got = await fetchBlob(second, sha256(jpeg), 'GET');
    expect(got.status).toBe(200);
    expect(
      Object.fromEntries(
        ['content-type', 'content-length', 'content-disposition', 'x-content-type-options', 'cache-control'].map((name) => [name, got.headers.get(name)]),
      ),
    ).toEqual({
      'content-type': 'image/jpeg',
      'content-length': String(jpeg.length),
      'content-disposition': 'inline',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect(Buffer.from(await got.arrayBuffer()).equals(jpeg)).toBe(true);
  });

  it('answers HEAD with the type and size and no body, reading no more of the file than its type needs', async () => {
    const before = secondReads();
    const head = await fetchBlob(second, sha256(jpeg), 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/jpeg');
    expect(head.headers.get('content-length')).toBe(String(jpeg.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    // A phone asks with HEAD whether the server holds each of its photos: not a download from the bucket.
    expect(secondReads() - before).toBe(16);
  });

  it('streams a file near the size limit through the other instance, byte for byte', async () => {
    expect((await put(second, pdf, 'application/pdf')).status).toBe(201);
    const got = await fetchBlob(first, sha256(pdf), 'GET');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-length')).toBe(String(pdf.length));
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
  }, 30_000);

  it('answers 404 for a file not stored, and the same for a stored one the caller may not fetch', async () => {
    const missing = sha256(Buffer.from('never sent'));
    for (const server of [first, second]) {
      for (const method of ['GET', 'HEAD'] as const) {
        expect((await fetchBlob(server, missing, method)).status).toBe(404);
        expect((await fetchBlob(server, sha256(jpeg), method, outsider)).status).toBe(404);
      }
    }
    expect((await second.request('GET', `/blobs/${sha256(jpeg)}`, { token: outsider })).body).toEqual(
      (await second.request('GET', `/blobs/${missing}`, { token: outsider })).body,
    );
  });
});
