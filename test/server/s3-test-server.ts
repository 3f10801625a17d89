import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../../server/files/file-store';

/**
 * A local S3-compatible server (@20minutes/s3rver, keeping its objects in a temporary directory) on
 * 127.0.0.1 with one empty bucket, for the S3 file store and the server configured with it.
 */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** How the server reaches the bucket, as ASHAR_S3_* would say it. */
  settings: (prefix?: string) => S3Settings;
  /** The same, as the server's environment variables. */
  env: (prefix?: string) => Record<string, string>;
  /** An object's bytes, or null, read with a client of its own. */
  object: (key: string) => Promise<Buffer | null>;
  close: () => Promise<void>;
}

const BUCKET = 'ashar-test';
// s3rver's own fixed credentials: it checks every request's signature against them.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3TestServer(options: { bucket?: boolean } = {}): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'ashar-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.bucket === false ? [] : [{ name: BUCKET }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const settings = (prefix = '') => ({ bucket: BUCKET, prefix, region: 'us-east-1', endpoint, pathStyle: true, credentials: CREDENTIALS });
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  return {
    endpoint,
    bucket: BUCKET,
    settings,
    env: (prefix = '') => ({
      ASHAR_S3_BUCKET: BUCKET,
      ASHAR_S3_ENDPOINT: endpoint,
      ASHAR_S3_PATH_STYLE: '1',
      ASHAR_S3_PREFIX: prefix,
      ASHAR_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      ASHAR_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    }),
    object: async (key) => {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        return Buffer.from(await response.Body!.transformToByteArray());
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
