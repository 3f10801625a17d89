import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
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
  /**
   * Addresses or ranges of the proxies in front of the server (ASHAR_TRUST_PROXY); empty: none.
   * Only a request from one of them has its X-Forwarded-For read, so a phone talking to the server
   * directly cannot choose the address the sign-in throttle counts it under.
   */
  trustedProxies: string[];
  /** Uploaded files: `<dataDir>/blobs`, or an S3-compatible bucket when ASHAR_S3_BUCKET is set. */
  files: FileStoreSettings;
  /** `<dataDir>/ashar.sqlite`, or the PostgreSQL database of ASHAR_DATABASE_URL. */
  database: DatabaseSettings;
}

export type DatabaseSettings = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };

/** A setting the server cannot start with; main.ts prints its message alone, on one line. */
export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const uploadMb = env.ASHAR_UPLOAD_MB_PER_DAY === undefined ? undefined : Number(env.ASHAR_UPLOAD_MB_PER_DAY);
  if (uploadMb !== undefined && !(Number.isInteger(uploadMb) && uploadMb > 0)) {
    throw new ConfigError(`ASHAR_UPLOAD_MB_PER_DAY must be a whole number of megabytes, not "${env.ASHAR_UPLOAD_MB_PER_DAY}"`);
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
    trustedProxies: parseTrustedProxies(env.ASHAR_TRUST_PROXY),
    files: s3 ? { kind: 's3', ...s3 } : { kind: 'local', directory: blobDirectory(dataDir) },
    database: readDatabaseSettings(env, dataDir),
  };
}

/** SQLite in the data directory unless ASHAR_DATABASE_URL names a PostgreSQL database. */
export function readDatabaseSettings(env: NodeJS.ProcessEnv, dataDir: string): DatabaseSettings {
  const url = env.ASHAR_DATABASE_URL;
  const pool = env.ASHAR_DATABASE_POOL;
  if (!url) {
    if (pool !== undefined) throw new ConfigError('ASHAR_DATABASE_POOL is for PostgreSQL: set ASHAR_DATABASE_URL too, or neither');
    return { kind: 'sqlite', file: databaseFile(dataDir) };
  }
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // said below
  }
  if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol) || parsed.pathname.length < 2) {
    throw new ConfigError('ASHAR_DATABASE_URL must be a PostgreSQL address with its database, postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  }
  const poolSize = pool === undefined ? 10 : Number(pool);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 200)
    throw new ConfigError(`ASHAR_DATABASE_POOL must be a number of connections from 1 to 200, not "${pool}"`);
  return { kind: 'postgres', url, poolSize };
}

/** Where the database is, for a line of output: never the password. */
export function describeDatabase(settings: DatabaseSettings): string {
  if (settings.kind === 'sqlite') return settings.file;
  const url = new URL(settings.url);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

const S3_VARIABLES = ['BUCKET', 'REGION', 'ENDPOINT', 'PATH_STYLE', 'PREFIX', 'ACCESS_KEY_ID', 'SECRET_ACCESS_KEY'].map((name) => `ASHAR_S3_${name}`);

/** The bucket named by ASHAR_S3_*, or undefined when none is set (files stay in the data directory). */
function readS3Settings(env: NodeJS.ProcessEnv): S3Settings | undefined {
  const given = S3_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
  if (given.length === 0) return undefined;
  const bucket = env.ASHAR_S3_BUCKET;
  if (!bucket) throw new ConfigError(`ASHAR_S3_BUCKET must name the bucket to keep files in S3 (${given.join(', ')} set without it)`);
  const endpoint = env.ASHAR_S3_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) {
    throw new ConfigError(`ASHAR_S3_ENDPOINT must be the S3 server's http:// or https:// address, not "${endpoint}"`);
  }
  const pathStyle = env.ASHAR_S3_PATH_STYLE ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(pathStyle)) throw new ConfigError(`ASHAR_S3_PATH_STYLE must be 1 or 0, not "${pathStyle}"`);
  const accessKeyId = env.ASHAR_S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.ASHAR_S3_SECRET_ACCESS_KEY || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError("ASHAR_S3_ACCESS_KEY_ID and ASHAR_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK's own credentials");
  }
  const prefix = env.ASHAR_S3_PREFIX ?? '';
  if (prefix.startsWith('/')) throw new ConfigError(`ASHAR_S3_PREFIX must not start with "/" ("${prefix}")`);
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

/**
 * "10.0.0.0/8, fd00::/8" → ["10.0.0.0/8", "fd00::/8"]: addresses or CIDR ranges, IPv4 or IPv6, given
 * to Fastify's `trustProxy`. Anything else is refused here, in one line naming the entry: Fastify
 * would throw on a host name or a typo from deep inside start-up, and would quietly read forms the
 * README does not promise (netmasks, "loopback"). A /0 range is refused too: it would trust every
 * client's X-Forwarded-For, the very thing the throttle must not do.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const trimmed = entry.trim();
    const [address = '', prefix, ...rest] = trimmed.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= bits);
    if (family === 0 || address.includes('%') || !prefixOk || rest.length > 0) {
      const hint = prefix !== undefined && /^0+$/.test(prefix) ? ' (a /0 range would trust every client)' : '';
      throw new ConfigError(
        `ASHAR_TRUST_PROXY must be proxy addresses or ranges separated by commas (e.g. 10.0.0.0/8,fd00::/8), but "${trimmed}" is not one${hint}`,
      );
    }
    return trimmed;
  });
}

export const databaseFile = (dataDir: string) => join(dataDir, 'ashar.sqlite');
export const blobDirectory = (dataDir: string) => join(dataDir, 'blobs');
