import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BUILT_APP_DIR } from '../../scripts/built-app';
import { buildApp } from '../../server/app';
import { ensureAdmin } from '../../server/bootstrap';
import { openSqliteStorage } from '../../server/storage/sqlite';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** A private copy of the built app (dist/, or dist-test/ in `npm test`) that tests may change (e.g. to publish a "new version"). */
    servedDir: string;
    adminPassword: string;
  }
}

export const ADMIN_PASSWORD = 'e2e-admin-password';

/** The real server on a temporary database, serving a copy of the built app on 127.0.0.1. */
export async function setup(project: TestProject) {
  const workDir = mkdtempSync(join(tmpdir(), 'ashar-e2e-'));
  const servedDir = join(workDir, 'dist');
  cpSync(BUILT_APP_DIR, servedDir, { recursive: true });
  const storage = openSqliteStorage(join(workDir, 'data', 'ashar.sqlite'));
  await ensureAdmin(storage, ADMIN_PASSWORD);
  const app = await buildApp({ storage, distDir: servedDir, blobDir: join(workDir, 'data', 'blobs'), version: 'e2e' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  project.provide('baseUrl', url);
  project.provide('servedDir', servedDir);
  project.provide('adminPassword', ADMIN_PASSWORD);
  return async () => {
    await app.close();
    await storage.close();
    rmSync(workDir, { recursive: true, force: true });
  };
}
