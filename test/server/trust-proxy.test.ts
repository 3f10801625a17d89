// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServer, type TestServer } from './harness';

// Which address the sign-in throttle counts (fifty failures per address in 15 minutes; the limits
// themselves are in authz.test.ts › "guessing passwords"). The test's requests come from 127.0.0.1:
// with ASHAR_TRUST_PROXY=127.0.0.1 the test plays a proxy in front of many phones, and what it
// writes in X-Forwarded-For is what that proxy would have written.

const ADDRESS_LIMIT = 50;
// Each failure costs a full scrypt (32 MiB): fifty at once take a few seconds, far more on a machine
// busy with builds beside it.
const GUESSING_TIMEOUT = 180_000;
const PASSWORD = 'password-123';

async function startWithUser(trustProxy?: string): Promise<TestServer> {
  const server = await startServer(trustProxy === undefined ? {} : { trustProxy });
  const admin = await server.login('admin', ADMIN_PASSWORD);
  const created = await server.request('POST', '/users', {
    token: admin,
    body: { username: 'phone-user', password: PASSWORD, displayName: 'Phone user', role: 'volunteer', communityIds: [] },
  });
  expect(created.status).toBe(201);
  return server;
}

function signIn(server: TestServer, username: string, password: string, forwardedFor?: string) {
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return server.request('POST', '/auth/login', { body: { username, password }, headers });
}

/**
 * Fifty wrong passwords, each for a different name that does not exist (so no user name is
 * throttled), sent at once: the i-th with X-Forwarded-For `forwardedFor(i)`. All are checked.
 */
async function failAtOnce(server: TestServer, tag: string, forwardedFor: (i: number) => string) {
  const answers = await Promise.all(Array.from({ length: ADDRESS_LIMIT }, (_, i) => signIn(server, `nobody-${tag}-${i}`, 'wrong-guess', forwardedFor(i))));
  expect(answers.map((answer) => answer.status)).toEqual(Array(ADDRESS_LIMIT).fill(401));
}

describe('with no proxy trusted (ASHAR_TRUST_PROXY unset)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWithUser();
  });
  afterAll(async () => {
    await server.close();
  });

  it('throttles a client as one address whatever X-Forwarded-For it sends', { timeout: GUESSING_TIMEOUT }, async () => {
    await failAtOnce(server, 'spoofer', (i) => `198.51.100.${i}`);
    const blocked = await signIn(server, 'phone-user', PASSWORD, '203.0.113.200');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect((await signIn(server, 'phone-user', PASSWORD)).status).toBe(429);
  });
});

describe('behind a proxy on 127.0.0.1 (ASHAR_TRUST_PROXY=127.0.0.1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWithUser('127.0.0.1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('throttles two phones behind it separately', { timeout: GUESSING_TIMEOUT }, async () => {
    await failAtOnce(server, 'phone-a', () => '203.0.113.1');
    expect((await signIn(server, 'phone-user', PASSWORD, '203.0.113.1')).status).toBe(429);
    expect((await signIn(server, 'phone-user', PASSWORD, '203.0.113.2')).status).toBe(200);
  });

  it('counts the right-most address the proxy did not add, whatever a phone writes left of it', { timeout: GUESSING_TIMEOUT }, async () => {
    // The phone at 203.0.113.3 sends its own X-Forwarded-For with a new made-up address each time;
    // the proxy appends the address it really came from.
    await failAtOnce(server, 'phone-c', (i) => `198.51.100.${i}, 203.0.113.3`);
    expect((await signIn(server, 'phone-user', PASSWORD, '198.51.100.200, 203.0.113.3')).status).toBe(429);
    expect((await signIn(server, 'phone-user', PASSWORD, '203.0.113.3')).status).toBe(429);
    expect((await signIn(server, 'phone-user', PASSWORD, '203.0.113.4')).status).toBe(200);
  });
});

describe('behind load balancers in 10.0.0.0/8 and a proxy on 127.0.0.1 (ASHAR_TRUST_PROXY=127.0.0.1,10.0.0.0/8)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWithUser('127.0.0.1,10.0.0.0/8');
  });
  afterAll(async () => {
    await server.close();
  });

  it('skips every trusted hop and counts the phone, whichever balancer it came through', { timeout: GUESSING_TIMEOUT }, async () => {
    await failAtOnce(server, 'phone-d', (i) => `198.51.100.${i}, 203.0.113.5, 10.0.0.${1 + (i % 3)}`);
    expect((await signIn(server, 'phone-user', PASSWORD, '203.0.113.5, 10.0.0.9')).status).toBe(429);
    expect((await signIn(server, 'phone-user', PASSWORD, '203.0.113.6, 10.0.0.1')).status).toBe(200);
  });
});
