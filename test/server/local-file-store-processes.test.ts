// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { localFileStore } from '../../server/files/local-file-store';
import { fileOf, ownFiles, readAll, sha256, sharedFiles } from './test-files';

// Two server processes on one host (or on two hosts sharing the directory) store into one blob
// directory at once: the same photo from two phones, and photos of their own.
const directory = mkdtempSync(join(tmpdir(), 'ashar-files-processes-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function startWriter(writer: string): { child: ChildProcess; ready: Promise<void>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/store-files-child.ts', directory, writer, '3'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
  });
  const exit = once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
  return { child, ready, exit };
}

it('two processes storing the same and different files into one directory at once: both succeed, every file is whole, readers never see part of one, no temporary file stays', async () => {
  const store = localFileStore(directory);
  const shared = sharedFiles.map(({ label, size }) => fileOf(label, size));
  const writers = [startWriter('writer-a'), startWriter('writer-b')];
  await Promise.all(writers.map((writer) => writer.ready));
  for (const writer of writers) writer.child.stdin!.end('go\n');

  // A third process's view meanwhile (this one): a shared file is missing or whole, never part.
  let running = true;
  const exits = Promise.all(writers.map((writer) => writer.exit)).finally(() => (running = false));
  const seen = { none: 0, whole: 0, part: 0 };
  while (running) {
    for (const bytes of shared) {
      const opened = await store.open(sha256(bytes));
      if (!opened) seen.none += 1;
      else seen[opened.size === bytes.length && (await readAll(opened.stream)).equals(bytes) ? 'whole' : 'part'] += 1;
    }
  }
  expect(await exits).toEqual([
    { code: 0, stderr: '' },
    { code: 0, stderr: '' },
  ]);
  expect(seen.part).toBe(0);
  expect(seen.whole).toBeGreaterThan(0);

  const all = [...sharedFiles, ...ownFiles('writer-a'), ...ownFiles('writer-b')].map(({ label, size }) => fileOf(label, size));
  for (const bytes of all) expect((await readAll((await store.open(sha256(bytes)))!.stream)).equals(bytes)).toBe(true);
  const expected = all.map((bytes) => join(sha256(bytes).slice(0, 2), sha256(bytes)));
  const files = readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('/'));
  expect(files.sort()).toEqual([...new Set(expected)].sort());
}, 60_000);
