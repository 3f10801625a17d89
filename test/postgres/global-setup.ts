import type { TestProject } from 'vitest/node';
import { openPostgresPool, openPostgresStorage } from '../../server/storage/postgres';
import { startCluster } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in the "postgres" project: the test cluster, whose `ashar_template` has every migration applied. */
    postgres?: { url: string; template: string };
  }
}

export const TEMPLATE = 'ashar_template';

/** Starts the tests' PostgreSQL and makes the migrated template each test database is copied from. */
export async function setup(project: TestProject) {
  const cluster = await startCluster();
  try {
    const admin = await openPostgresPool(cluster.url, 1);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    await admin.end();
    const storage = await openPostgresStorage(cluster.urlOf(TEMPLATE));
    await storage.close();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide('postgres', { url: cluster.url, template: TEMPLATE });
  return () => cluster.stop();
}
