// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

// Two server instances over one database, as behind a load balancer: a guesser whose attempts go
// round-robin between them is throttled as by one server.
const dataDir = mkdtempSync(join(tmpdir(), 'ashar-throttle-'));
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  first = await startServer({ dataDir });
  second = await startServer({ dataDir });
  const admin = await first.login('admin', ADMIN_PASSWORD);
  const made = await first.request('POST', '/users', {
    token: admin,
    body: { username: 'guessed', password: 'password-123', displayName: 'Guessed', role: 'volunteer', communityIds: [] },
  });
  expect(made.status).toBe(201);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await first.close();
  await second.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('counts failed sign-ins on every instance together: after five, the right password is refused on either', async () => {
  const login = (server: TestServer, password: string) => server.request('POST', '/auth/login', { body: { username: 'guessed', password } });
  for (const server of [first, second, first, second, first]) expect((await login(server, 'wrong-guess')).status).toBe(401);
  const blocked = await login(second, 'password-123');
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await login(first, 'password-123')).status).toBe(429);
}, 60_000);

it('lets through, of guesses sent at once to both instances, no more than the limit to their password check', async () => {
  const admin = await second.login('admin', ADMIN_PASSWORD);
  await second.request('POST', '/users', {
    token: admin,
    body: { username: 'rushed', password: 'password-123', displayName: 'Rushed', role: 'volunteer', communityIds: [] },
  });
  const statuses = await Promise.all(
    Array.from(
      { length: 12 },
      async (_, index) =>
        (await (index % 2 ? first : second).request('POST', '/auth/login', { body: { username: 'rushed', password: `guess-${index}` } })).status,
    ),
  );
  expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(7);
}, 60_000);
