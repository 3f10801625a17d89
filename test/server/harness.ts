import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app';
import { ensureAdmin } from '../../server/bootstrap';
import { parseTrustedProxies } from '../../server/config';
import type { FileStore } from '../../server/files/file-store';
import { localFileStore } from '../../server/files/local-file-store';
import { openTestStorage } from './test-storage';
import type { Storage } from '../../server/storage/types';

export const ADMIN_PASSWORD = 'admin-password-1';

/**
 * For a file's `beforeAll` that starts a server and signs in the accounts of `seedAccounts`: that
 * hashes and checks about twenty passwords with scrypt (32 MiB each), 20–35 s measured on a 2-core
 * machine busy with builds beside it (about 2 s idle).
 */
export const SERVER_FIXTURE_TIMEOUT = 120_000;

export interface TestServer {
  url: string;
  storage: Storage;
  dataDir: string;
  /** Where this server keeps uploaded files: `files` when given, else `<dataDir>/blobs`. */
  files: FileStore;
  request: (
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> },
  ) => // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field in tests
  Promise<{ status: number; body: any; headers: Headers }>;
  login: (username: string, password: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * The real server on a temporary database (test-storage.ts), listening on 127.0.0.1, spoken to over real HTTP.
 * `trustProxy` is an ASHAR_TRUST_PROXY value, read as the server reads it; by default no proxy is
 * trusted. The test's requests come from 127.0.0.1, so with "127.0.0.1" they arrive as a proxy's.
 */
export async function startServer(
  options: {
    now?: () => number;
    uploadBytesPerDay?: number;
    dataDir?: string;
    trustProxy?: string;
    files?: FileStore;
    /** Puts something between the server and its database (a test holding a transaction open). */
    wrapStorage?: (storage: Storage) => Storage;
  } = {},
): Promise<TestServer> {
  // A directory given by the test outlives this server (a restart on the same database); a new one does not.
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ashar-server-'));
  const opened = await openTestStorage(dataDir);
  const storage = options.wrapStorage ? options.wrapStorage(opened) : opened;
  await ensureAdmin(storage, ADMIN_PASSWORD);
  const files = options.files ?? localFileStore(join(dataDir, 'blobs'));
  const app = await buildApp({
    storage,
    files,
    version: 'test',
    ...(options.now ? { now: options.now } : {}),
    ...(options.uploadBytesPerDay ? { uploadBytesPerDay: options.uploadBytesPerDay } : {}),
    ...(options.trustProxy !== undefined ? { trustedProxies: parseTrustedProxies(options.trustProxy) } : {}),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const request: TestServer['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${url}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  const login = async (username: string, password: string) => {
    const response = await request('POST', '/auth/login', { body: { username, password } });
    if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.token as string;
  };
  return {
    url,
    storage,
    dataDir,
    files,
    request,
    login,
    close: async () => {
      await app.close();
      await storage.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An admin token, two communities and one user per role, named role-a (community A) and so on. */
export async function seedAccounts(server: TestServer) {
  const admin = await server.login('admin', ADMIN_PASSWORD);
  const community = async (name: string) => (await server.request('POST', '/communities', { token: admin, body: { name: { ky: name } } })).body.id as string;
  const a = await community('Ак-Сай');
  const b = await community('Кара-Бак');
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  for (const role of ['volunteer', 'staff', 'facilitator', 'coordinator'] as const) {
    for (const [suffix, communityId] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const username = `${role}-${suffix}`;
      const created = await server.request('POST', '/users', {
        token: admin,
        body: { username, password: 'password-123', displayName: username, role, communityIds: [communityId] },
      });
      ids[username] = created.body.id;
      tokens[username] = await server.login(username, 'password-123');
    }
  }
  return { admin, communities: { a, b }, tokens, ids };
}
