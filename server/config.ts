import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileStoreSettings, S3Settings } from './files/file-store';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  distDir: string;
  version: string;
  tileUrl: string | undefined;
  tileAttribution: string | undefined;
  uploadBytesPerDay: number | undefined;
  /** Uploaded files: `<dataDir>/blobs`, or an S3-compatible bucket when ASHAR_S3_BUCKET is set. */
  files: FileStoreSettings;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const uploadMb = env.ASHAR_UPLOAD_MB_PER_DAY === undefined ? undefined : Number(env.ASHAR_UPLOAD_MB_PER_DAY);
  if (uploadMb !== undefined && !(Number.isInteger(uploadMb) && uploadMb > 0)) {
    throw new Error(`ASHAR_UPLOAD_MB_PER_DAY must be a whole number of megabytes, not "${env.ASHAR_UPLOAD_MB_PER_DAY}"`);
  }
  const dataDir = resolve(env.ASHAR_DATA_DIR ?? './data');
  const s3 = readS3Settings(env);
  const version = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version;
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir,
    distDir: resolve(env.ASHAR_DIST_DIR ?? 'dist'),
    version,
    tileUrl: env.ASHAR_TILE_URL,
    tileAttribution: env.ASHAR_TILE_ATTRIBUTION,
    uploadBytesPerDay: uploadMb === undefined ? undefined : uploadMb * 1024 * 1024,
    files: s3 ? { kind: 's3', ...s3 } : { kind: 'local', directory: blobDirectory(dataDir) },
  };
}

const S3_VARIABLES = ['BUCKET', 'REGION', 'ENDPOINT', 'PATH_STYLE', 'PREFIX', 'ACCESS_KEY_ID', 'SECRET_ACCESS_KEY'].map((name) => `ASHAR_S3_${name}`);

/** The bucket named by ASHAR_S3_*, or undefined when none is set (files stay in the data directory). */
function readS3Settings(env: NodeJS.ProcessEnv): S3Settings | undefined {
  const given = S3_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
  if (given.length === 0) return undefined;
  const bucket = env.ASHAR_S3_BUCKET;
  if (!bucket) throw new Error(`ASHAR_S3_BUCKET must name the bucket to keep files in S3 (${given.join(', ')} set without it)`);
  const endpoint = env.ASHAR_S3_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) {
    throw new Error(`ASHAR_S3_ENDPOINT must be the S3 server's http:// or https:// address, not "${endpoint}"`);
  }
  const pathStyle = env.ASHAR_S3_PATH_STYLE ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(pathStyle)) throw new Error(`ASHAR_S3_PATH_STYLE must be 1 or 0, not "${pathStyle}"`);
  const accessKeyId = env.ASHAR_S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.ASHAR_S3_SECRET_ACCESS_KEY || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error("ASHAR_S3_ACCESS_KEY_ID and ASHAR_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK's own credentials");
  }
  const prefix = env.ASHAR_S3_PREFIX ?? '';
  if (prefix.startsWith('/')) throw new Error(`ASHAR_S3_PREFIX must not start with "/" ("${prefix}")`);
  return {
    bucket,
    region: env.ASHAR_S3_REGION || 'us-east-1',
    endpoint,
    pathStyle: pathStyle === '1' || pathStyle === 'true',
    // Keys read "ashar/ab/abcd…" for the prefix "ashar" as for "ashar/".
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}

export const databaseFile = (dataDir: string) => join(dataDir, 'ashar.sqlite');
export const blobDirectory = (dataDir: string) => join(dataDir, 'blobs');
