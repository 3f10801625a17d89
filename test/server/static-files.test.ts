// @vitest-environment node
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { precompress } from '../../scripts/precompress';

// The built app's files as the server sends them: the copies the build compressed once
// (scripts/precompress.ts), in the encoding the phone accepts, with the same headers as the file.

const workDir = mkdtempSync(join(tmpdir(), 'ashar-static-'));
const distDir = join(workDir, 'dist');
const script = `export const words = ${JSON.stringify(Array.from({ length: 800 }, (_, i) => `сөз ${i}`))};\n`;
let storage: Storage;
let close: () => Promise<void>;
let baseUrl: string;

beforeAll(async () => {
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  writeFileSync(join(distDir, 'index.html'), `<!doctype html><title>Ашар</title>${'<!-- padding -->'.repeat(100)}`);
  writeFileSync(join(distDir, 'assets', 'app-1a2b3c.js'), script);
  expect(precompress(distDir).files).toBe(1);
  // A file the build did not compress (built without the step): compressed as it is sent.
  writeFileSync(join(distDir, 'assets', 'late-4d5e6f.js'), script);
  storage = openSqliteStorage(join(workDir, 'ashar.sqlite'));
  const app = await buildApp({ storage, distDir, blobDir: join(workDir, 'blobs'), version: 'test' });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  close = () => app.close();
});
afterAll(async () => {
  await close();
  await storage.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** The raw answer, bytes as they came (no decompression). */
function fetchRaw(
  path: string,
  acceptEncoding: string | null,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${baseUrl}${path}`, { headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('the built app’s files', () => {
  it('go as the brotli or gzip copy the build made, whichever the phone accepts, with the file’s own headers', async () => {
    const file = join(distDir, 'assets', 'app-1a2b3c.js');
    const brotli = await fetchRaw('/assets/app-1a2b3c.js', 'gzip, deflate, br');
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.body.equals(readFileSync(`${file}.br`))).toBe(true);
    expect(brotli.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers['content-security-policy']).toContain("script-src 'self'");

    const gzip = await fetchRaw('/assets/app-1a2b3c.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.equals(readFileSync(`${file}.gz`))).toBe(true);

    const plain = await fetchRaw('/assets/app-1a2b3c.js', null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('go compressed also when the build left no copy, and every address of the app gets its current page', async () => {
    const late = await fetchRaw('/assets/late-4d5e6f.js', 'br');
    expect(late.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(late.body).toString()).toBe(script);
    // The page keeps its name from version to version: no copy of it is made, so none can be stale.
    expect(existsSync(join(distDir, 'index.html.br'))).toBe(false);
    writeFileSync(join(distDir, 'index.html'), `<!doctype html><title>Ашар 2</title>${'<!-- padding -->'.repeat(100)}`);
    const start = await fetchRaw('/', 'br');
    expect(start.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(start.body).toString()).toContain('Ашар 2');
    const page = await fetchRaw('/library/some-case-study', null);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Ашар 2');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('the first visit’s page', () => {
  it('goes, in the language the phone asks for, to every screen a fresh phone is sent to the welcome screen from', async () => {
    mkdirSync(join(distDir, 'first-visit'), { recursive: true });
    for (const lang of ['ky', 'ru', 'en'])
      writeFileSync(
        join(distDir, 'first-visit', `${lang}.html`),
        `<!doctype html><html lang="${lang}"><title>welcome ${lang}</title>${'<!-- padding -->'.repeat(100)}`,
      );
    const asking = (path: string, acceptLanguage: string | null) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
        get(`${baseUrl}${path}`, { headers: { 'accept-encoding': 'br', ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ headers: response.headers, body: brotliDecompressSync(Buffer.concat(chunks)).toString() }));
        }).on('error', reject);
      });
    const start = await asking('/', 'ru-RU,ru;q=0.9,en;q=0.8');
    expect(start.body).toContain('welcome ru');
    expect(start.headers['vary']).toMatch(/accept-language/i);
    expect(start.headers['cache-control']).toBe('no-cache');
    expect(start.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await asking('/library/some-case-study?tab=1', 'de, en;q=0.5')).body).toContain('welcome en');
    expect((await asking('/assets/map', null)).body).toContain('welcome ky');
    // Screens open without a community, and printed pages, get the app's page as it is.
    for (const path of ['/settings', '/settings/backup', '/communities', '/welcome', '/print/workshop/1']) {
      const page = await asking(path, 'ru');
      expect(page.body).toContain('Ашар 2');
    }
    // The service worker's copy of the page is the file itself.
    expect((await asking('/index.html', 'ru')).body).toContain('Ашар 2');
    // An address of the API that does not exist is not a page.
    const api = await fetchRaw('/api/v1/no-such-route', null);
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body.toString())).toMatchObject({ error: { code: 'not_found' } });
  });
});
