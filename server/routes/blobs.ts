import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app';
import { MAX_BLOB_BYTES } from '../../src/core/protocol';
import { mayFetchBlob } from '../blob-access';
import { ApiFailure } from '../errors';

const HASH = /^[0-9a-f]{64}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

// A file is stored only when its first bytes are what its type says: an HTML page sent as a JPEG
// is refused, so nothing served back can turn into a script.
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

function sniff(bytes: Buffer): string | null {
  return Object.entries(SIGNATURES).find(([, matches]) => matches(bytes))?.[0] ?? null;
}

/** Enough of a file's start for every signature above. */
const SNIFF_BYTES = 16;

/**
 * The first `count` bytes of a stream, and the whole stream again to send: one read of the file (one
 * request to a bucket) gives both its type and its bytes. Destroying the returned stream destroys the
 * file's.
 */
async function withHead(stream: Readable, count: number): Promise<{ head: Buffer; whole: Readable }> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const read: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < count && !ended) {
    const next = await chunks.next();
    if (next.done) ended = true;
    else {
      read.push(next.value);
      length += next.value.length;
    }
  }
  const first = Buffer.concat(read);
  async function* again() {
    try {
      if (first.length > 0) yield first;
      if (ended) return;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    } finally {
      await chunks.return?.();
    }
  }
  return { head: first.subarray(0, count), whole: Readable.from(again(), { objectMode: false }) };
}

export function registerBlobRoutes(api: FastifyInstance, context: AppContext): void {
  api.addContentTypeParser(Object.keys(SIGNATURES), { parseAs: 'buffer', bodyLimit: MAX_BLOB_BYTES }, (_request, body, done) => done(null, body));

  api.put<{ Params: { hash: string } }>('/blobs/:hash', async (request, reply) => {
    const { user } = await context.requireUser(request);
    const hash = request.params.hash;
    if (!HASH.test(hash)) throw new ApiFailure(400, 'bad_hash', 'A blob is addressed by its SHA-256 in lower-case hex.');
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = request.body;
    if (!SIGNATURES[type] || !Buffer.isBuffer(body)) throw new ApiFailure(415, 'wrong_type', 'Send a JPEG, PNG, WebP or PDF file.');
    if (sniff(body) !== type) throw new ApiFailure(415, 'wrong_type', 'The file content does not match its type.');
    if (createHash('sha256').update(body).digest('hex') !== hash) {
      throw new ApiFailure(422, 'hash_mismatch', 'The file does not match its hash; send it again.');
    }
    const now = context.now();
    // The day's count is read and the upload recorded in one transaction: two uploads at once
    // cannot both pass a limit that has room for one.
    await context.storage.transaction(async (tx) => {
      await tx.lockWrites();
      // A file this user sent before costs nothing again; anything else counts against their day.
      if (!(await tx.hasUploadedBlob(hash, user.id))) {
        const day = await tx.uploadedSince(user.id, new Date(now - DAY_MS).toISOString());
        if (day.bytes + body.length > context.uploadBytesPerDay) {
          const freesAt = day.first ? Date.parse(day.first) + DAY_MS : now + DAY_MS;
          const wait = Math.max(1, Math.ceil((freesAt - now) / 1000));
          throw new ApiFailure(429, 'upload_limit', 'You have sent as many files as one day allows; the rest will go later.', undefined, wait);
        }
      }
      // Whoever sends the bytes holds the file, and may fetch it back (see blob-access.ts).
      await tx.recordBlobUpload(hash, user.id, new Date(now).toISOString(), body.length);
    });
    if ((await context.files.size(hash)) !== null) return reply.status(200).send({ hash, size: body.length });
    await context.files.put(hash, body);
    return reply.status(201).send({ hash, size: body.length });
  });

  // Fastify answers HEAD from this GET route, without the body. A file the caller may not fetch is
  // answered exactly like one that is not there, so the answer does not tell that it exists; the
  // store is not even asked, so neither does the time the answer takes.
  api.get<{ Params: { hash: string } }>('/blobs/:hash', async (request, reply) => {
    const { user } = await context.requireUser(request);
    const hash = request.params.hash;
    if (!HASH.test(hash)) throw new ApiFailure(400, 'bad_hash', 'A blob is addressed by its SHA-256 in lower-case hex.');
    if (!(await mayFetchBlob(context.storage, user, hash))) throw new ApiFailure(404, 'not_found', 'No such blob.');
    // A HEAD (a phone asking whether the server holds a file) reads only the bytes that give its type.
    const file = await context.files.open(hash, request.method === 'HEAD' ? { upTo: SNIFF_BYTES } : {});
    if (!file) throw new ApiFailure(404, 'not_found', 'No such blob.');
    const { head, whole } = await withHead(file.stream, SNIFF_BYTES);
    return reply
      .header('Content-Type', sniff(head) ?? 'application/octet-stream')
      .header('Content-Length', String(file.size))
      .header('Content-Disposition', 'inline')
      .send(whole);
  });
}
