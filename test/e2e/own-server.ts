import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { ensureAdmin } from '../../server/bootstrap';
import { openSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';

export const OWN_ADMIN_PASSWORD = 'own-server-admin-password';

/**
 * The real server on a temporary database, for a test that must restart it: `deploy` stops it and
 * starts it again on the same address with another build of the app, as an update of the server
 * does. The phones keep their origin, so their storage and service worker stay theirs.
 */
export interface OwnServer {
  url: string;
  /** The SQLite file, for reading what was stored. */
  databaseFile: string;
  deploy(distDir: string, version: string): Promise<void>;
  /**
   * While cut, every request to the API is dropped unanswered, before the server reads it: to the
   * phone the API cannot be reached (its fetch fails as when offline), while the app's own files are
   * still served. Done here rather than by routing in the browser: Chromium under request
   * interception bypasses its cache and then installs the same service worker again on every reload.
   */
  cutApi(cut: boolean): void;
  close(): Promise<void>;
}

export async function startOwnServer(distDir: string, version: string): Promise<OwnServer> {
  const workDir = mkdtempSync(join(tmpdir(), 'ashar-own-server-'));
  const databaseFile = join(workDir, 'data', 'ashar.sqlite');
  const blobDir = join(workDir, 'data', 'blobs');
  let storage: Storage = openSqliteStorage(databaseFile);
  await ensureAdmin(storage, OWN_ADMIN_PASSWORD);

  // Each build is served from a copy of its own, as a server serves what was deployed to it.
  let deployments = 0;
  let apiCut = false;
  const start = async (dist: string, appVersion: string, port: number): Promise<{ app: FastifyInstance; url: string }> => {
    deployments += 1;
    const served = join(workDir, `dist-${deployments}`);
    cpSync(dist, served, { recursive: true });
    const app = await buildApp({ storage, distDir: served, blobDir, version: appVersion });
    const handlers = app.server.listeners('request') as RequestListener[];
    app.server.removeAllListeners('request');
    app.server.on('request', (request, response) => {
      if (apiCut && request.url?.startsWith('/api/')) request.socket.destroy();
      else for (const handler of handlers) handler.call(app.server, request, response);
    });
    const url = await app.listen({ host: '127.0.0.1', port });
    return { app, url };
  };
  let running = await start(distDir, version, 0);
  const url = running.url;
  const port = Number(new URL(url).port);

  return {
    url,
    databaseFile,
    async deploy(nextDist, nextVersion) {
      await running.app.close();
      await storage.close();
      storage = openSqliteStorage(databaseFile);
      running = await start(nextDist, nextVersion, port);
    },
    cutApi(cut) {
      apiCut = cut;
    },
    async close() {
      await running.app.close();
      await storage.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
