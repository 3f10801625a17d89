import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readSync, closeSync, renameSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
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

export function registerBlobRoutes(api: FastifyInstance, context: AppContext): void {
  const pathOf = (hash: string) => join(context.blobDir, hash.slice(0, 2), hash);

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
    const target = pathOf(hash);
    const now = context.now();
    // A file this user sent before costs nothing again; anything else counts against their day.
    if (!(await context.storage.hasUploadedBlob(hash, user.id))) {
      const day = await context.storage.uploadedSince(user.id, new Date(now - DAY_MS).toISOString());
      if (day.bytes + body.length > context.uploadBytesPerDay) {
        const freesAt = day.first ? Date.parse(day.first) + DAY_MS : now + DAY_MS;
        const wait = Math.max(1, Math.ceil((freesAt - now) / 1000));
        throw new ApiFailure(429, 'upload_limit', 'You have sent as many files as one day allows; the rest will go later.', undefined, wait);
      }
    }
    // Whoever sends the bytes holds the file, and may fetch it back (see blob-access.ts).
    await context.storage.recordBlobUpload(hash, user.id, new Date(now).toISOString(), body.length);
    if (existsSync(target)) return reply.status(200).send({ hash, size: body.length });
    mkdirSync(join(context.blobDir, hash.slice(0, 2)), { recursive: true });
    // Write then rename: a crash never leaves a half-written file under the final name.
    const temporary = `${target}.${process.pid}.${Date.now()}.part`;
    writeFileSync(temporary, body);
    renameSync(temporary, target);
    return reply.status(201).send({ hash, size: body.length });
  });

  // Fastify answers HEAD from this GET route, without the body. A file the caller may not fetch is
  // answered exactly like one that is not there, so the answer does not tell that it exists.
  api.get<{ Params: { hash: string } }>('/blobs/:hash', async (request, reply) => {
    const { user } = await context.requireUser(request);
    const hash = request.params.hash;
    if (!HASH.test(hash)) throw new ApiFailure(400, 'bad_hash', 'A blob is addressed by its SHA-256 in lower-case hex.');
    const file = pathOf(hash);
    if (!existsSync(file) || !(await mayFetchBlob(context.storage, user, hash))) throw new ApiFailure(404, 'not_found', 'No such blob.');
    const head = Buffer.alloc(16);
    const fd = openSync(file, 'r');
    readSync(fd, head, 0, 16, 0);
    closeSync(fd);
    return reply
      .header('Content-Type', sniff(head) ?? 'application/octet-stream')
      .header('Content-Length', String(statSync(file).size))
      .header('Content-Disposition', 'inline')
      .send(createReadStream(file));
  });
}
