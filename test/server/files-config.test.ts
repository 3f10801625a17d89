// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { startS3TestServer, type S3TestServer } from './s3-test-server';
import { placeholderDist, spawnServer } from './server-process';
import { fileOf, sha256 } from './test-files';

// Where the server keeps files is chosen by ASHAR_S3_* (README): read in config.ts, and a server
// process (server/main.ts) that opens the store so chosen, or refuses to start in one line.

describe('reading ASHAR_S3_*', () => {
  it('keeps files in <data dir>/blobs when no ASHAR_S3_ variable is set', () => {
    expect(readConfig({ ASHAR_DATA_DIR: '/srv/ashar' }).files).toEqual({ kind: 'local', directory: '/srv/ashar/blobs' });
    expect(readConfig({ ASHAR_DATA_DIR: '/srv/ashar', ASHAR_S3_BUCKET: '' }).files).toEqual({ kind: 'local', directory: '/srv/ashar/blobs' });
  });

  it('keeps files in the bucket when ASHAR_S3_BUCKET is set, with the defaults the README gives', () => {
    expect(readConfig({ ASHAR_S3_BUCKET: 'ashar-files' }).files).toEqual({
      kind: 's3',
      bucket: 'ashar-files',
      region: 'us-east-1',
      endpoint: undefined,
      pathStyle: false,
      prefix: '',
      credentials: undefined,
    });
    expect(
      readConfig({
        ASHAR_S3_BUCKET: 'ashar-files',
        ASHAR_S3_REGION: 'eu-central-1',
        ASHAR_S3_ENDPOINT: 'https://s3.example.kg',
        ASHAR_S3_PATH_STYLE: '1',
        ASHAR_S3_PREFIX: 'ashar',
        ASHAR_S3_ACCESS_KEY_ID: 'key-id',
        ASHAR_S3_SECRET_ACCESS_KEY: 'secret',
      }).files,
    ).toEqual({
      kind: 's3',
      bucket: 'ashar-files',
      region: 'eu-central-1',
      endpoint: 'https://s3.example.kg',
      pathStyle: true,
      prefix: 'ashar/',
      credentials: { accessKeyId: 'key-id', secretAccessKey: 'secret' },
    });
  });

  it('refuses an incomplete or wrong S3 setting with one line that names the variable', () => {
    const refusals: [Record<string, string>, RegExp][] = [
      [{ ASHAR_S3_ENDPOINT: 'http://127.0.0.1:9000' }, /^ASHAR_S3_BUCKET must name the bucket .*\(ASHAR_S3_ENDPOINT set without it\)$/],
      [{ ASHAR_S3_BUCKET: 'b', ASHAR_S3_ACCESS_KEY_ID: 'key-id' }, /^ASHAR_S3_ACCESS_KEY_ID and ASHAR_S3_SECRET_ACCESS_KEY go together/],
      [{ ASHAR_S3_BUCKET: 'b', ASHAR_S3_SECRET_ACCESS_KEY: 'secret' }, /^ASHAR_S3_ACCESS_KEY_ID and ASHAR_S3_SECRET_ACCESS_KEY go together/],
      [
        { ASHAR_S3_BUCKET: 'b', ASHAR_S3_ENDPOINT: 's3.example.kg' },
        /^ASHAR_S3_ENDPOINT must be the S3 server's http:\/\/ or https:\/\/ address, not "s3.example.kg"$/,
      ],
      [{ ASHAR_S3_BUCKET: 'b', ASHAR_S3_PATH_STYLE: 'yes' }, /^ASHAR_S3_PATH_STYLE must be 1 or 0, not "yes"$/],
      [{ ASHAR_S3_BUCKET: 'b', ASHAR_S3_PREFIX: '/ashar' }, /^ASHAR_S3_PREFIX must not start with "\/"/],
    ];
    for (const [env, message] of refusals) {
      expect(() => readConfig(env)).toThrow(message);
    }
  });
});

describe('the server process (npm run serve) on each store', () => {
  let s3: S3TestServer;
  const workDir = mkdtempSync(join(tmpdir(), 'ashar-files-config-'));
  const distDir = placeholderDist(workDir);
  beforeAll(async () => {
    s3 = await startS3TestServer();
  });
  afterAll(async () => {
    await s3.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** server/main.ts in a process of its own, reporting at its end how many AWS SDK modules it loaded. */
  function serve(name: string, env: Record<string, string>) {
    return spawnServer(
      {
        ASHAR_DATA_DIR: join(workDir, name),
        ASHAR_DIST_DIR: distDir,
        ASHAR_ADMIN_PASSWORD: 'files-admin-pass',
        // A variable of the test's own environment does not choose the store here.
        ...Object.fromEntries(
          Object.keys(process.env)
            .filter((key) => key.startsWith('ASHAR_S3_'))
            .map((key) => [key, '']),
        ),
        ...env,
      },
      ['./test/server/report-aws-sdk.ts'],
    );
  }

  /** Signs in as the admin and sends one photo: the answer's status. */
  async function sendPhoto(url: string, bytes: Buffer): Promise<number> {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'files-admin-pass' }),
    });
    const { token } = (await login.json()) as { token: string };
    const put = await fetch(`${url}/api/v1/blobs/${sha256(bytes)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(bytes),
    });
    return put.status;
  }

  const photo = (label: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), fileOf(label, 20_000)]);

  it('keeps files in <data dir>/blobs by default, and never loads the AWS SDK', async () => {
    const server = serve('local', {});
    const bytes = photo('served locally');
    expect(await sendPhoto(await server.running, bytes)).toBe(201);
    const hash = sha256(bytes);
    expect(readFileSync(join(workDir, 'local', 'blobs', hash.slice(0, 2), hash)).equals(bytes)).toBe(true);
    expect(await server.stop()).toMatchObject({ code: 0, stderr: 'AWS SDK modules loaded: 0\n' });
  }, 60_000);

  it('keeps files in the bucket named by ASHAR_S3_*, under its prefix', async () => {
    const server = serve('s3', s3.env('served'));
    const bytes = photo('served from the bucket');
    expect(await sendPhoto(await server.running, bytes)).toBe(201);
    const hash = sha256(bytes);
    expect((await s3.object(`served/${hash.slice(0, 2)}/${hash}`))?.equals(bytes)).toBe(true);
    const { code, stderr } = await server.stop();
    expect(code).toBe(0);
    expect(Number(/AWS SDK modules loaded: (\d+)/.exec(stderr)?.[1])).toBeGreaterThan(0);
  }, 60_000);

  it('refuses to start, in one line, on an incomplete S3 setting or a bucket it cannot use', async () => {
    const incomplete = await serve('incomplete', { ASHAR_S3_ENDPOINT: s3.endpoint }).exited;
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toBe(
      'Ashar cannot start: ASHAR_S3_BUCKET must name the bucket to keep files in S3 (ASHAR_S3_ENDPOINT set without it).\nAWS SDK modules loaded: 0\n',
    );
    const noBucket = await serve('no-bucket', { ...s3.env(), ASHAR_S3_BUCKET: 'not-there' }).exited;
    expect(noBucket.code).toBe(1);
    // Its own line, whatever the AWS SDK warns of beside it (see README: Node 20).
    expect(noBucket.stderr).toMatch(
      new RegExp(`^Ashar cannot start: The S3 bucket "not-there" at ${s3.endpoint} cannot be used: NoSuchBucket \\(HTTP 404\\)\\.$`, 'm'),
    );
  }, 60_000);
});
