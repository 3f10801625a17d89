import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

// Files for the file store tests, made the same way in the test and in the writer processes it starts.

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Bytes no other label gives: a different file for every label, the same every time. */
export function fileOf(label: string, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let block = createHash('sha256').update(label).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(bytes, at);
    block = createHash('sha256').update(block).digest();
  }
  return bytes;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The files both writer processes store (the same hashes at once), each 1.5 MB. */
export const sharedFiles = Array.from({ length: 8 }, (_, index) => ({ label: `shared ${index}`, size: 1_500_000 }));

/** The files only this writer stores. */
export const ownFiles = (writer: string) => Array.from({ length: 4 }, (_, index) => ({ label: `${writer} ${index}`, size: 700_000 }));
