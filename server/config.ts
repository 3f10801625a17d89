import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  distDir: string;
  version: string;
  tileUrl: string | undefined;
  tileAttribution: string | undefined;
  uploadBytesPerDay: number | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const uploadMb = env.ASHAR_UPLOAD_MB_PER_DAY === undefined ? undefined : Number(env.ASHAR_UPLOAD_MB_PER_DAY);
  if (uploadMb !== undefined && !(Number.isInteger(uploadMb) && uploadMb > 0)) {
    throw new Error(`ASHAR_UPLOAD_MB_PER_DAY must be a whole number of megabytes, not "${env.ASHAR_UPLOAD_MB_PER_DAY}"`);
  }
  const version = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version;
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: resolve(env.ASHAR_DATA_DIR ?? './data'),
    distDir: resolve(env.ASHAR_DIST_DIR ?? 'dist'),
    version,
    tileUrl: env.ASHAR_TILE_URL,
    tileAttribution: env.ASHAR_TILE_ATTRIBUTION,
    uploadBytesPerDay: uploadMb === undefined ? undefined : uploadMb * 1024 * 1024,
  };
}

export const databaseFile = (dataDir: string) => join(dataDir, 'ashar.sqlite');
export const blobDirectory = (dataDir: string) => join(dataDir, 'blobs');
