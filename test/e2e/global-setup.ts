import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** A private copy of dist/ that tests may change (e.g. to publish a "new version"). */
    servedDir: string;
  }
}

/** Serves a copy of the built app on 127.0.0.1 for the browser tests, and stops it afterwards. */
export async function setup(project: TestProject) {
  const servedDir = mkdtempSync(join(tmpdir(), 'ashar-e2e-'));
  cpSync('dist', servedDir, { recursive: true });
  const server = await serveStatic(servedDir);
  project.provide('baseUrl', server.url);
  project.provide('servedDir', servedDir);
  return async () => {
    await server.close();
    rmSync(servedDir, { recursive: true, force: true });
  };
}
