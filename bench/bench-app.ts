import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildApp } from '../server/app';
import { ensureAdmin } from '../server/bootstrap';
import { openSqliteStorage } from '../server/storage/sqlite';
import { BUILT_APP_DIR } from '../scripts/built-app';
import { launchBrowser } from '../test/e2e/browser';

export interface BenchApp {
  baseUrl: string;
  browser: Browser;
  /** Stops the browser and the server and removes the temporary database and files. */
  close: () => Promise<void>;
}

/**
 * The real server over a temporary SQLite database, serving the built app on a free port of
 * 127.0.0.1, and a headless Chromium: what every benchmark that opens the app runs against.
 * `tileUrl` as the server would take it (omitted: the server's default).
 */
export async function startBenchApp(name: string, options: { distDir?: string; tileUrl?: string } = {}): Promise<BenchApp> {
  const workDir = mkdtempSync(join(tmpdir(), `ashar-bench-${name}-`));
  const storage = openSqliteStorage(join(workDir, 'ashar.sqlite'));
  await ensureAdmin(storage, 'bench-admin-password');
  const app = await buildApp({
    storage,
    distDir: options.distDir ?? BUILT_APP_DIR,
    blobDir: join(workDir, 'blobs'),
    version: 'bench',
    ...(options.tileUrl !== undefined ? { tileUrl: options.tileUrl } : {}),
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  return {
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await storage.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
