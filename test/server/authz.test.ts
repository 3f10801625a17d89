// @vitest-environment node
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { ADMIN_PASSWORD, seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';
import { openRawDatabase } from './raw-database';
import { openSnapshots } from './storage-snapshot';
import { attachment, blobOf, change, docsOf, fixtureChanges, pullAll, READ_KINDS, type Fixture } from './authz-fixtures';

// Who may do what, table by table: every route for every role, every way a sign-in can be wrong on
// every route that needs one, each community's records against the others, and who may fetch a file.
// One file on purpose (longer than our usual 300 lines): the whole authorization story in one place,
// listed line by line in docs/reliability.md. The records it looks at are made in authz-fixtures.ts.

/** A sentence for people, not the code again. */
const ENGLISH = expect.stringMatching(/^[A-Z][a-z]* /);

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let snapshots: Awaited<ReturnType<typeof openSnapshots>>;
let fixture: Fixture;

const ROLES = ['anonymous', 'volunteer', 'staff', 'facilitator', 'coordinator', 'admin'] as const;
type Role = (typeof ROLES)[number];
const SIGNED_IN: readonly Role[] = ROLES.filter((role) => role !== 'anonymous');
const MANAGERS: readonly Role[] = ['coordinator', 'admin'];
/** The signed-in user of each role, all of community A (the admin belongs to none). */
const tokenOf = (role: Role) => (role === 'anonymous' ? undefined : role === 'admin' ? seed.admin : seed.tokens[`${role}-a`]);
const login = (role: Role) => (role === 'admin' ? server.login('admin', ADMIN_PASSWORD) : server.login(`${role}-a`, 'password-123'));
const sync = (token: string | undefined, changes: unknown[], clientId = 'authz-phone-1', cursor: string | null = null) =>
  server.request('POST', '/sync', { ...(token ? { token } : {}), body: { clientId, cursor, changes } });

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
  fixture = await fixtureChanges(server, seed);
  snapshots = await openSnapshots(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await snapshots?.close();
  await server.close();
});

interface RouteCase {
  route: string;
  /** Sends the request as `role`; `token` is a sign-in of that role the call may use up. */
  call: (token: string | undefined, role: Role) => Promise<{ status: number; body: unknown }>;
  allowed: readonly Role[];
  ok: number[];
}

let made = 0;
const newUser = (role: string) => ({
  username: `made-${(made += 1)}-${newId().slice(0, 6)}`,
  password: 'password-123',
  displayName: 'Жаңы',
  role,
  communityIds: [],
});
const ROUTES: RouteCase[] = [
  { route: 'GET /health', call: () => server.request('GET', '/health'), allowed: ROLES, ok: [200] },
  { route: 'GET /config', call: () => server.request('GET', '/config'), allowed: ROLES, ok: [200] },
  { route: 'GET /me', call: (token) => server.request('GET', '/me', { token }), allowed: SIGNED_IN, ok: [200] },
  { route: 'POST /auth/logout', call: (token) => server.request('POST', '/auth/logout', { token }), allowed: SIGNED_IN, ok: [204] },
  { route: 'GET /communities', call: (token) => server.request('GET', '/communities', { token }), allowed: SIGNED_IN, ok: [200] },
  { route: 'POST /sync', call: (token) => sync(token, []), allowed: SIGNED_IN, ok: [200] },
  { route: 'PUT /blobs/:hash', call: (token) => putBlob(token, blobOf('matrix upload')), allowed: SIGNED_IN, ok: [200, 201] },
  {
    route: 'GET /blobs/:hash (a published file)',
    call: (token) => server.request('GET', `/blobs/${fixture.publishedBlob}`, { token }),
    allowed: SIGNED_IN,
    ok: [200],
  },
  {
    route: 'HEAD /blobs/:hash (a published file)',
    call: (token) => server.request('HEAD', `/blobs/${fixture.publishedBlob}`, { token }),
    allowed: SIGNED_IN,
    ok: [200],
  },
  {
    route: 'POST /communities',
    // A new name each time: a second community of one name in one rayon is refused (409).
    call: (token) => server.request('POST', '/communities', { token, body: { name: { ky: `Жаңы айыл ${newId()}` } } }),
    allowed: MANAGERS,
    ok: [201],
  },
  {
    route: 'POST /users (a volunteer)',
    call: (token) => server.request('POST', '/users', { token, body: newUser('volunteer') }),
    allowed: MANAGERS,
    ok: [201],
  },
  {
    route: 'POST /users (a coordinator)',
    call: (token) => server.request('POST', '/users', { token, body: newUser('coordinator') }),
    allowed: MANAGERS,
    ok: [201],
  },
  { route: 'POST /users (an admin)', call: (token) => server.request('POST', '/users', { token, body: newUser('admin') }), allowed: ['admin'], ok: [201] },
  {
    route: 'PATCH /users/:id (a volunteer)',
    call: (token) => server.request('PATCH', `/users/${fixture.users.plain}`, { token, body: { communityIds: [seed.communities.a, seed.communities.b] } }),
    allowed: MANAGERS,
    ok: [200],
  },
  {
    route: 'PATCH /users/:id (make an admin)',
    call: (token, role) => server.request('PATCH', `/users/${fixture.users.promoted[role]}`, { token, body: { role: 'admin' } }),
    allowed: ['admin'],
    ok: [200],
  },
  {
    route: 'PATCH /users/:id (an admin)',
    call: (token) => server.request('PATCH', `/users/${fixture.users.admin}`, { token, body: { communityIds: [seed.communities.a] } }),
    allowed: ['admin'],
    ok: [200],
  },
];

const putBlob = (token: string | undefined, file: { hash: string; bytes: Uint8Array<ArrayBuffer> }) =>
  server.request('PUT', `/blobs/${file.hash}`, { ...(token ? { token } : {}), raw: file.bytes, headers: { 'content-type': 'image/jpeg' } });

describe('every route for every role', () => {
  const rows = ROUTES.flatMap((route) => ROLES.map((role) => ({ ...route, role, name: `${route.route} as ${role}` })));
  it.each(rows)('$name', async (row) => {
    const token = row.role === 'anonymous' ? undefined : row.route.includes('logout') ? await login(row.role) : tokenOf(row.role);
    const before = await snapshots.take();
    const response = await row.call(token, row.role);
    if (row.allowed.includes(row.role)) {
      expect(row.ok).toContain(response.status);
      return;
    }
    const [status, code] = row.role === 'anonymous' ? [401, 'unauthorized'] : [403, 'forbidden'];
    expect(response.status).toBe(status);
    if (!row.route.startsWith('HEAD')) expect(response.body).toEqual({ error: { code, message: ENGLISH } });
    expect(await snapshots.take()).toEqual(before);
  });
});

// Every way a sign-in can be missing, wrong or over, on every route that needs one.
const AUTHENTICATED: { route: string; call: (authorization: string | undefined) => Promise<{ status: number; body: unknown }> }[] = [
  { route: 'POST /auth/logout', call: (authorization) => server.request('POST', '/auth/logout', { headers: header(authorization) }) },
  { route: 'GET /me', call: (authorization) => server.request('GET', '/me', { headers: header(authorization) }) },
  { route: 'GET /communities', call: (authorization) => server.request('GET', '/communities', { headers: header(authorization) }) },
  {
    route: 'POST /communities',
    call: (authorization) => server.request('POST', '/communities', { headers: header(authorization), body: { name: { ky: 'X' } } }),
  },
  { route: 'POST /users', call: (authorization) => server.request('POST', '/users', { headers: header(authorization), body: newUser('admin') }) },
  {
    route: 'PATCH /users/:id',
    call: (authorization) => server.request('PATCH', `/users/${fixture.users.plain}`, { headers: header(authorization), body: { role: 'admin' } }),
  },
  {
    route: 'POST /sync',
    call: (authorization) =>
      server.request('POST', '/sync', { headers: header(authorization), body: { clientId: 'authz-phone-1', cursor: null, changes: [fixture.freshAsset()] } }),
  },
  {
    route: 'PUT /blobs/:hash',
    call: (authorization) => {
      const file = blobOf(`refused ${newId()}`);
      return server.request('PUT', `/blobs/${file.hash}`, { headers: { ...header(authorization), 'content-type': 'image/jpeg' }, raw: file.bytes });
    },
  },
  { route: 'GET /blobs/:hash', call: (authorization) => server.request('GET', `/blobs/${fixture.publishedBlob}`, { headers: header(authorization) }) },
  { route: 'HEAD /blobs/:hash', call: (authorization) => server.request('HEAD', `/blobs/${fixture.publishedBlob}`, { headers: header(authorization) }) },
];
const header = (authorization: string | undefined): Record<string, string> => (authorization === undefined ? {} : { authorization });

/** Authorization headers that must not let anyone in. Functions: the tokens exist only after setup. */
const BAD_SIGN_INS: { name: string; header: () => string | undefined }[] = [
  { name: 'no header', header: () => undefined },
  { name: 'an unknown token', header: () => `Bearer ${'x'.repeat(43)}` },
  { name: 'Bearer and nothing', header: () => 'Bearer' },
  { name: 'Bearer and a space', header: () => 'Bearer ' },
  { name: 'a token and more', header: () => `Bearer ${seed.tokens['staff-a']} ${seed.tokens['staff-a']}` },
  { name: 'a token cut short', header: () => `Bearer ${seed.admin.slice(0, 19)}` },
  { name: 'a token of 101 characters', header: () => `Bearer ${'A'.repeat(101)}` },
  { name: 'a token with a quote', header: () => `Bearer ${seed.admin.slice(0, 30)}'--` },
  { name: 'Basic with the admin password', header: () => `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
  { name: 'the stored hash of a real token', header: () => `Bearer ${createHash('sha256').update(seed.admin).digest('hex')}` },
  { name: 'a token signed out', header: () => `Bearer ${fixture.tokens.signedOut}` },
  { name: 'a token of a disabled user', header: () => `Bearer ${fixture.tokens.disabled}` },
  { name: 'a token from before a user was disabled and enabled again', header: () => `Bearer ${fixture.tokens.reenabled}` },
  { name: 'a token of a deleted user', header: () => `Bearer ${fixture.tokens.deleted}` },
];

describe('every bad sign-in on every route that needs one', () => {
  const rows = AUTHENTICATED.flatMap((route) => BAD_SIGN_INS.map((bad) => ({ ...route, bad, name: `${route.route} with ${bad.name}` })));
  it.each(rows)('$name', async (row) => {
    const before = await snapshots.take();
    const response = await row.call(row.bad.header());
    expect(response.status).toBe(401);
    if (!row.route.startsWith('HEAD')) expect(response.body).toEqual({ error: { code: 'unauthorized', message: ENGLISH } });
    expect(await snapshots.take()).toEqual(before);
  });
});

// What a reader of community B gets of community A's records: published case studies and the
// applications (shared on purpose, see permissions.ts); nothing else, of any collection.
describe('reading another community', () => {
  const READERS = ['volunteer-b', 'staff-b', 'facilitator-b', 'coordinator-b', 'admin', 'volunteer-a'] as const;
  const SEES_ALL = new Set(['coordinator-b', 'admin', 'volunteer-a']);
  const rows = READERS.flatMap((reader) =>
    READ_KINDS.map((doc) => ({
      reader,
      doc,
      name: `${reader} reads A's ${doc}`,
      expected: SEES_ALL.has(reader)
        ? 'whole'
        : doc === 'publishedCaseStudy' || doc === 'application'
          ? 'whole'
          : doc === 'withdrawnCaseStudy'
            ? 'withdrawn'
            : 'nothing',
    })),
  );
  const pulls = new Map<string, Promise<Awaited<ReturnType<typeof pullAll>>>>();
  const pullOf = (reader: string) => {
    if (!pulls.has(reader)) pulls.set(reader, pullAll(server, reader === 'admin' ? seed.admin : seed.tokens[reader]!));
    return pulls.get(reader)!;
  };

  it.each(rows)('$name: $expected', async ({ reader, doc, expected }) => {
    const { docs, text } = await pullOf(reader);
    const record = fixture.docs[doc];
    const got = docs.find((d) => d.docId === record.docId);
    if (expected === 'nothing') expect(got).toBeUndefined();
    if (expected === 'withdrawn')
      expect(got).toEqual({ collection: 'caseStudies', docId: record.docId, fields: {}, versions: {}, deleted: false, withdrawn: true });
    if (expected === 'whole') expect(got?.fields).toMatchObject({ communityId: seed.communities.a });
    // The record's text never reaches a reader who may not see it, in any field of any document.
    if (expected !== 'whole') expect(text).not.toContain(record.marker);
  });
});

// Writing into community A from community B, for every collection: refused by role first, then by
// community; coordinators (and admins) write everywhere.
describe('writing into another community', () => {
  const EXPECTED: Record<string, Record<string, string>> = {
    'volunteer-b': {
      assets: 'forbidden_community',
      caseStudies: 'forbidden_collection',
      workshops: 'forbidden_collection',
      applications: 'forbidden_collection',
      participants: 'forbidden_collection',
      actions: 'forbidden_collection',
    },
    'facilitator-b': {
      assets: 'forbidden_collection',
      caseStudies: 'forbidden_collection',
      workshops: 'forbidden_community',
      applications: 'forbidden_community',
      participants: 'forbidden_community',
      actions: 'forbidden_community',
    },
    'staff-b': {
      assets: 'forbidden_community',
      caseStudies: 'forbidden_community',
      workshops: 'forbidden_community',
      applications: 'forbidden_community',
      participants: 'forbidden_community',
      actions: 'forbidden_community',
    },
    'coordinator-b': { assets: 'acked', caseStudies: 'acked', workshops: 'acked', applications: 'acked', participants: 'acked', actions: 'acked' },
  };
  const rows = Object.entries(EXPECTED).flatMap(([writer, byCollection]) =>
    Object.entries(byCollection).flatMap(([collection, expected]) =>
      (['create', 'edit', 'delete'] as const).map((kind) => ({
        writer,
        collection,
        kind,
        expected: kind !== 'create' && expected === 'acked' ? 'acked' : expected,
        name: `${writer} ${kind}s ${collection} of A`,
      })),
    ),
  );
  it.each(rows)('$name: $expected', async ({ writer, collection, kind, expected }) => {
    const target = docsOf(fixture, collection);
    const sent =
      kind === 'create'
        ? fixture.newDoc(collection, seed.communities.a)
        : kind === 'edit'
          ? change(collection, target.docId, { [target.textField]: 'Башка жамааттан' })
          : change(collection, target.docId, undefined, true);
    const before = await snapshots.take();
    const response = await sync(seed.tokens[writer], [sent]);
    expect(response.status).toBe(200);
    if (expected === 'acked') {
      expect(response.body.acked).toEqual([sent.id]);
      return;
    }
    expect(response.body.rejected).toEqual([{ id: sent.id, code: expected, message: ENGLISH }]);
    expect(await snapshots.take()).toEqual(before);
  });
});

// A record stays in the community it was made in: moving it would leave a stale copy on the phones
// of the old community, which are never told it left (see docs/api.md).
describe('moving a record to another community', () => {
  let both: string;
  beforeAll(async () => {
    const created = await server.request('POST', '/users', {
      token: seed.admin,
      body: { username: 'staff-ab', password: 'password-123', displayName: 'A and B', role: 'staff', communityIds: [seed.communities.a, seed.communities.b] },
    });
    expect(created.status).toBe(201);
    both = await server.login('staff-ab', 'password-123');
  });
  const COLLECTIONS = ['assets', 'caseStudies', 'workshops', 'applications', 'participants', 'actions'] as const;
  const MOVERS = [
    { mover: 'staff-a', of: 'A only', expected: 'forbidden_community' },
    { mover: 'staff-ab', of: 'A and B', expected: 'forbidden_move' },
    { mover: 'coordinator-a', of: 'every community', expected: 'forbidden_move' },
  ];
  const rows = MOVERS.flatMap((mover) =>
    COLLECTIONS.map((collection) => ({ ...mover, collection, name: `${mover.mover} (member of ${mover.of}) moves ${collection} from A to B` })),
  );
  it.each(rows)('$name: $expected', async ({ mover, collection, expected }) => {
    const made = fixture.newDoc(collection, seed.communities.a);
    expect((await sync(seed.tokens['staff-a'], [made])).body.acked).toEqual([made.id]);
    const move = change(collection, made.docId, { communityId: seed.communities.b });
    const before = await snapshots.take();
    const response = await sync(mover === 'staff-ab' ? both : seed.tokens[mover], [move]);
    expect(response.body.rejected).toEqual([{ id: move.id, code: expected, message: ENGLISH }]);
    expect(await snapshots.take()).toEqual(before);
    expect((await server.storage.getDoc(collection, made.docId))!.communityId).toBe(seed.communities.a);
  });

  it('accepts a change that names the community the record is already in', async () => {
    const made = fixture.newDoc('assets', seed.communities.a);
    await sync(seed.tokens['staff-a'], [made]);
    const same = change('assets', made.docId, { communityId: seed.communities.a, name: 'Ошол эле жер' });
    expect((await sync(both, [same])).body.acked).toEqual([same.id]);
  });
});

// Fields only the server writes: what a phone sends for them is dropped, on a new record and on an edit.
describe('server-owned fields', () => {
  const rows = [
    { collection: 'assets', field: 'createdBy', sent: 'someone-else', stored: () => seed.ids['staff-a'] },
    { collection: 'assets', field: 'communityName', sent: { ky: 'Бишкек', ru: '', en: '' }, stored: () => undefined },
    { collection: 'assets', field: 'rayonCode', sent: '41711000000000', stored: () => undefined },
    { collection: 'caseStudies', field: 'createdBy', sent: 'admin', stored: () => seed.ids['staff-a'] },
    {
      collection: 'caseStudies',
      field: 'communityName',
      sent: { ky: 'Бишкек', ru: 'Бишкек', en: 'Bishkek' },
      stored: () => ({ ky: 'Ак-Сай', ru: '', en: '' }),
    },
    { collection: 'caseStudies', field: 'rayonCode', sent: '41711000000000', stored: () => null },
    { collection: 'applications', field: 'communityName', sent: { ky: 'Ош', ru: '', en: '' }, stored: () => ({ ky: 'Ак-Сай', ru: '', en: '' }) },
    { collection: 'applications', field: 'rayonCode', sent: '41711000000000', stored: () => undefined },
  ];
  // Names built here, not by it.each: vitest reads `$collection.$field` as the path collection.$field
  // (every name said "undefined"), and quotes and cuts what `$` shows at 40 characters.
  for (const { collection, field, sent, stored } of rows) {
    const what = `${collection}.${field} sent as ${JSON.stringify(sent)}`;
    it(`${what} is ignored on a new record`, async () => {
      const made = fixture.newDoc(collection, seed.communities.a);
      made.set![field] = sent;
      expect((await sync(seed.tokens['staff-a'], [made])).body.acked).toEqual([made.id]);
      expect((await server.storage.getDoc(collection as 'assets', made.docId))!.fields[field]).toEqual(stored());
    });

    it(`${what} is ignored on an edit`, async () => {
      const made = fixture.newDoc(collection, seed.communities.a);
      await sync(seed.tokens['staff-a'], [made]);
      const edit = change(collection, made.docId, { [field]: sent, communityId: seed.communities.a });
      expect((await sync(seed.tokens['coordinator-a'], [edit])).body.acked).toEqual([edit.id]);
      expect((await server.storage.getDoc(collection as 'assets', made.docId))!.fields[field]).toEqual(stored());
    });
  }
});

// Inside one community: volunteers change only what they made; only staff and coordinators publish.
describe('roles inside their own community', () => {
  const ROWS = [
    { who: 'volunteer-a', does: 'edits an asset they made', owner: 'volunteer-a', collection: 'assets', set: { name: 'Менин булагым' }, expected: 'acked' },
    { who: 'volunteer-a', does: "edits staff's asset", owner: 'staff-a', collection: 'assets', set: { name: 'Менин' }, expected: 'forbidden_record' },
    { who: 'volunteer-a', does: "deletes staff's asset", owner: 'staff-a', collection: 'assets', deleted: true, expected: 'forbidden_record' },
    {
      who: 'volunteer-a',
      does: "claims staff's asset with createdBy",
      owner: 'staff-a',
      collection: 'assets',
      set: { createdBy: 'me', name: 'Меники' },
      expected: 'forbidden_record',
    },
    {
      who: 'volunteer-a',
      does: 'publishes a case study',
      owner: 'staff-a',
      collection: 'caseStudies',
      set: { status: 'published' },
      expected: 'forbidden_collection',
    },
    { who: 'volunteer-a', does: 'edits a workshop', owner: 'staff-a', collection: 'workshops', set: { agenda: 'x' }, expected: 'forbidden_collection' },
    {
      who: 'facilitator-a',
      does: 'publishes a case study',
      owner: 'staff-a',
      collection: 'caseStudies',
      set: { status: 'published' },
      expected: 'forbidden_collection',
    },
    { who: 'facilitator-a', does: "edits staff's workshop", owner: 'staff-a', collection: 'workshops', set: { agenda: 'Күн тартиби' }, expected: 'acked' },
    { who: 'facilitator-a', does: 'edits an asset', owner: 'volunteer-a', collection: 'assets', set: { name: 'x' }, expected: 'forbidden_collection' },
    { who: 'staff-a', does: "edits a volunteer's asset", owner: 'volunteer-a', collection: 'assets', set: { name: 'Оңдолгон' }, expected: 'acked' },
    { who: 'staff-a', does: 'publishes a case study', owner: 'staff-a', collection: 'caseStudies', set: { status: 'published' }, expected: 'acked' },
    { who: 'coordinator-a', does: 'unpublishes a case study', owner: 'staff-a', collection: 'caseStudies', set: { status: 'draft' }, expected: 'acked' },
  ];
  it.each(ROWS)('$who $does: $expected', async ({ who, owner, collection, set, deleted, expected }) => {
    const made = fixture.newDoc(collection, seed.communities.a);
    if (collection === 'caseStudies') made.set!.status = expected === 'acked' && set?.status === 'draft' ? 'published' : 'draft';
    expect((await sync(seed.tokens[owner], [made])).body.acked).toEqual([made.id]);
    const sent = change(collection, made.docId, set, deleted === true);
    const before = await snapshots.take();
    const response = await sync(seed.tokens[who], [sent]);
    if (expected === 'acked') {
      expect(response.body.acked).toEqual([sent.id]);
      expect((await server.storage.getDoc(collection as 'assets', made.docId))!.fields.createdBy).toBe(seed.ids[owner]);
      return;
    }
    expect(response.body.rejected).toEqual([{ id: sent.id, code: expected, message: ENGLISH }]);
    expect(await snapshots.take()).toEqual(before);
  });
});

// The clientId names a phone in the change log and nothing more: the server keeps no cursor, echo
// or other state per clientId, so another user's clientId gains nothing, and several accounts may
// share one phone (and so one clientId).
describe("one user's token with another user's clientId", () => {
  it('gets only what the token may read, and hides nothing from the phone that owns the clientId', async () => {
    const phoneOfA = 'phone-of-staff-a';
    const { cursor } = await pullAll(server, seed.tokens['staff-a']!);
    const mine = fixture.newDoc('assets', seed.communities.a);
    expect((await sync(seed.tokens['staff-a'], [mine], phoneOfA, cursor)).body.acked).toEqual([mine.id]);

    // staff-b borrows the clientId: sees none of A's private records, pushes under its own name.
    const borrowed = await sync(seed.tokens['staff-b'], [], phoneOfA, null);
    expect(borrowed.body.docs.map((doc: { docId: string }) => doc.docId)).not.toContain(mine.docId);
    const coordinatorEdit = change('assets', mine.docId, { name: 'Координатордон' });
    expect((await sync(seed.tokens['coordinator-a'], [coordinatorEdit], phoneOfA, cursor)).body.acked).toEqual([coordinatorEdit.id]);
    const db = await openRawDatabase(server.dataDir, { readonly: true });
    const [logged] = (await db.all('SELECT user_id FROM changes WHERE id = ?', [coordinatorEdit.id])) as { user_id: string }[];
    await db.close();
    expect(logged?.user_id).toBe(seed.ids['coordinator-a']);

    // The owner of the clientId still gets the other user's edit: it is not taken for an echo.
    const next = await sync(seed.tokens['staff-a'], [], phoneOfA, cursor);
    expect(next.body.docs.find((doc: { docId: string }) => doc.docId === mine.docId)?.fields.name).toBe('Координатордон');
  });

  it('lets two accounts signed in one after the other on a shared phone both sync', async () => {
    const shared = 'shared-phone-1';
    const first = fixture.newDoc('assets', seed.communities.a);
    const second = fixture.newDoc('assets', seed.communities.a);
    expect((await sync(seed.tokens['staff-a'], [first], shared)).body.acked).toEqual([first.id]);
    expect((await sync(seed.tokens['volunteer-a'], [second], shared)).body.acked).toEqual([second.id]);
  });
});

// Who may fetch a file. Names are SHA-256 hashes, unguessable, but a hash can leak (it travels in
// every record that lists the file). The server hands a file only to someone who uploaded it, or
// who may read a record listing it that was put there by someone who had the file.
describe('fetching files', () => {
  const readers = ['staff-a', 'volunteer-a', 'facilitator-a', 'staff-b', 'volunteer-b', 'facilitator-b', 'coordinator-b', 'admin'] as const;
  const tokenFor = (reader: string) => (reader === 'admin' ? seed.admin : seed.tokens[reader]!);
  const files = {
    privateA: blobOf('private photo of A'),
    unlisted: blobOf('never listed'),
    deleted: blobOf('photo of a deleted asset'),
    first: blobOf('uploaded before its record'),
  };
  const status = async (reader: string, hash: string, method: 'GET' | 'HEAD' = 'GET') =>
    (await server.request(method, `/blobs/${hash}`, { token: tokenFor(reader) })).status;
  let privateAsset: string;
  let deletedAsset: string;

  beforeAll(async () => {
    // The phone's order: the record first, then its file (src/sync/engine.ts).
    const asset = fixture.newDoc('assets', seed.communities.a);
    asset.set!.photos = [attachment(files.privateA.hash)];
    privateAsset = asset.docId;
    const doomed = fixture.newDoc('assets', seed.communities.a);
    doomed.set!.photos = [attachment(files.deleted.hash)];
    deletedAsset = doomed.docId;
    expect((await sync(seed.tokens['staff-a'], [asset, doomed])).body.rejected).toEqual([]);
    for (const file of [files.privateA, files.unlisted, files.deleted, files.first]) expect((await putBlob(seed.tokens['staff-a'], file)).status).toBe(201);
    const late = fixture.newDoc('assets', seed.communities.a);
    late.set!.photos = [attachment(files.first.hash)];
    expect((await sync(seed.tokens['staff-a'], [late])).body.rejected).toEqual([]);
  });

  const EXPECTED: Record<string, Record<(typeof readers)[number], number>> = {
    'a photo of a private asset of A': {
      'staff-a': 200,
      'volunteer-a': 200,
      'facilitator-a': 200,
      'staff-b': 404,
      'volunteer-b': 404,
      'facilitator-b': 404,
      'coordinator-b': 200,
      admin: 200,
    },
    'a file listed by a published case study': {
      'staff-a': 200,
      'volunteer-a': 200,
      'facilitator-a': 200,
      'staff-b': 200,
      'volunteer-b': 200,
      'facilitator-b': 200,
      'coordinator-b': 200,
      admin: 200,
    },
    'a file uploaded by staff-a and listed nowhere': {
      'staff-a': 200,
      'volunteer-a': 404,
      'facilitator-a': 404,
      'staff-b': 404,
      'volunteer-b': 404,
      'facilitator-b': 404,
      'coordinator-b': 404,
      admin: 404,
    },
    'a file uploaded before its record was sent': {
      'staff-a': 200,
      'volunteer-a': 200,
      'facilitator-a': 200,
      'staff-b': 404,
      'volunteer-b': 404,
      'facilitator-b': 404,
      'coordinator-b': 200,
      admin: 200,
    },
  };
  const hashOf = (file: string) =>
    ({
      'a photo of a private asset of A': files.privateA.hash,
      'a file listed by a published case study': fixture.publishedBlob,
      'a file uploaded by staff-a and listed nowhere': files.unlisted.hash,
      'a file uploaded before its record was sent': files.first.hash,
    })[file]!;
  const rows = Object.entries(EXPECTED).flatMap(([file, byReader]) =>
    readers.flatMap((reader) =>
      (['GET', 'HEAD'] as const).map((method) => ({ file, reader, method, expected: byReader[reader], name: `${method} ${file} as ${reader}` })),
    ),
  );
  it.each(rows)('$name: $expected', async ({ file, reader, method, expected }) => {
    const response = await server.request(method, `/blobs/${hashOf(file)}`, { token: tokenFor(reader) });
    expect(response.status).toBe(expected);
    // Refused exactly like a file that was never stored: the answer does not tell that it exists.
    if (expected === 404 && method === 'GET') expect(response.body).toEqual({ error: { code: 'not_found', message: 'No such blob.' } });
  });

  it('does not hand over a leaked hash to someone who lists it in a record of their own', async () => {
    const claim = fixture.newDoc('assets', seed.communities.b);
    claim.set!.photos = [attachment(files.privateA.hash)];
    expect((await sync(seed.tokens['staff-b'], [claim])).body.acked).toEqual([claim.id]);
    expect(await status('staff-b', files.privateA.hash)).toBe(404);
    expect(await status('volunteer-b', files.privateA.hash, 'HEAD')).toBe(404);
    // Sending the bytes proves they have the file: then it is theirs to read, and B's record shows it.
    expect((await putBlob(seed.tokens['staff-b'], files.privateA)).status).toBe(200);
    expect(await status('staff-b', files.privateA.hash)).toBe(200);
    expect(await status('volunteer-b', files.privateA.hash)).toBe(200);
  });

  it('lets a record list a file its writer could already read: a coordinator sharing a photo', async () => {
    const shared = blobOf('photo a coordinator shares');
    const source = fixture.newDoc('assets', seed.communities.a);
    source.set!.photos = [attachment(shared.hash)];
    await sync(seed.tokens['staff-a'], [source]);
    await putBlob(seed.tokens['staff-a'], shared);
    expect(await status('volunteer-b', shared.hash)).toBe(404);
    const copy = fixture.newDoc('assets', seed.communities.b);
    copy.set!.photos = [attachment(shared.hash)];
    expect((await sync(seed.tokens['coordinator-b'], [copy])).body.acked).toEqual([copy.id]);
    expect(await status('volunteer-b', shared.hash)).toBe(200);
  });

  it('stops handing out the files of a deleted record, except to their uploader', async () => {
    expect(await status('volunteer-a', files.deleted.hash)).toBe(200);
    expect((await sync(seed.tokens['staff-a'], [change('assets', deletedAsset, undefined, true)])).body.rejected).toEqual([]);
    expect(await status('volunteer-a', files.deleted.hash)).toBe(404);
    expect(await status('staff-a', files.deleted.hash)).toBe(200);
  });

  it('stops handing out the files of a case study taken back from the library to other communities', async () => {
    const file = blobOf('photo of a case study taken back');
    const study = fixture.newDoc('caseStudies', seed.communities.a);
    Object.assign(study.set!, { status: 'published', attachments: [attachment(file.hash)] });
    await sync(seed.tokens['staff-a'], [study]);
    await putBlob(seed.tokens['staff-a'], file);
    expect(await status('volunteer-b', file.hash)).toBe(200);
    await sync(seed.tokens['staff-a'], [change('caseStudies', study.docId, { status: 'draft' })]);
    expect(await status('volunteer-b', file.hash)).toBe(404);
    expect(await status('volunteer-a', file.hash)).toBe(200);
  });

  it('keeps the files of records stored before the upgrade that added these checks readable', async () => {
    // A database as the previous version left it: migrations 001 and 002 only.
    const dir = mkdtempSync(join(tmpdir(), 'ashar-upgrade-'));
    const file = join(dir, 'ashar.sqlite');
    const old = new Database(file);
    for (const name of ['001_init.sql', '002_withdrawal.sql']) {
      old.exec(readFileSync(fileURLToPath(new URL(`../../server/migrations/sqlite/${name}`, import.meta.url)), 'utf8'));
      old.exec(
        `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO migrations VALUES ('${name}', '2026-01-01')`,
      );
    }
    const photo = blobOf('stored before the upgrade').hash;
    const insert = old.prepare(
      'INSERT INTO docs (collection, doc_id, community_id, created_by, published, was_published, deleted, fields, versions, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('assets', 'asset-1', 'community-1', 'author-1', 0, 0, 0, JSON.stringify({ photos: [attachment(photo)] }), '{}', 1);
    insert.run('caseStudies', 'study-1', 'community-1', 'author-2', 1, 1, 0, JSON.stringify({ attachments: [attachment(photo)] }), '{}', 2);
    insert.run('assets', 'asset-2', 'community-1', 'author-1', 0, 0, 1, JSON.stringify({ photos: [attachment(photo)] }), '{}', 3);
    old.close();
    const upgraded = openSqliteStorage(file);
    expect(await upgraded.blobRefs('assets', 'asset-1')).toEqual([{ hash: photo, addedBy: 'author-1', vouched: true }]);
    expect(await upgraded.blobRefs('caseStudies', 'study-1')).toEqual([{ hash: photo, addedBy: 'author-2', vouched: true }]);
    expect(await upgraded.blobRefs('assets', 'asset-2')).toEqual([]);
    expect((await upgraded.blobReferrers(photo)).map((doc) => doc.audience)).toEqual([['community:community-1'], ['all', 'community:community-1']]);
    await upgraded.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a file once a record stops listing it, for readers of another record that lists it', async () => {
    expect(await status('volunteer-a', files.privateA.hash)).toBe(200);
    await sync(seed.tokens['staff-a'], [change('assets', privateAsset, { photos: [] })]);
    expect(await status('volunteer-a', files.privateA.hash)).toBe(404);
    expect(await status('volunteer-b', files.privateA.hash)).toBe(200);
  });
});

const DAY = 24 * 60 * 60 * 1000;

// A sign-in lasts a year from its last use. These servers run on a clock the test moves.
describe('a sign-in past its lifetime', () => {
  let timed: TestServer;
  let clock = Date.now();
  let token: string;
  let fileHash: string;
  beforeAll(async () => {
    timed = await startServer({ now: () => clock });
    const admin = await timed.login('admin', ADMIN_PASSWORD);
    const community = (await timed.request('POST', '/communities', { token: admin, body: { name: { ky: 'Убакыт' } } })).body.id;
    await timed.request('POST', '/users', {
      token: admin,
      body: { username: 'sleeper', password: 'password-123', displayName: 'S', role: 'coordinator', communityIds: [community] },
    });
    token = await timed.login('sleeper', 'password-123');
    const file = blobOf('expiry');
    fileHash = file.hash;
    await timed.request('PUT', `/blobs/${file.hash}`, { token, raw: file.bytes, headers: { 'content-type': 'image/jpeg' } });
  });
  afterAll(async () => {
    await timed.close();
  });

  it('slides forward with each use: used every 364 days, it keeps working', async () => {
    clock += 364 * DAY;
    expect((await timed.request('GET', '/me', { token })).status).toBe(200);
    clock += 364 * DAY;
    expect((await timed.request('GET', '/me', { token })).status).toBe(200);
  });

  const ROUTES: { route: string; call: () => Promise<{ status: number; body: unknown }> }[] = [
    { route: 'POST /auth/logout', call: () => timed.request('POST', '/auth/logout', { token }) },
    { route: 'GET /me', call: () => timed.request('GET', '/me', { token }) },
    { route: 'GET /communities', call: () => timed.request('GET', '/communities', { token }) },
    { route: 'POST /communities', call: () => timed.request('POST', '/communities', { token, body: { name: { ky: 'X' } } }) },
    { route: 'POST /users', call: () => timed.request('POST', '/users', { token, body: newUser('staff') }) },
    { route: 'PATCH /users/:id', call: () => timed.request('PATCH', `/users/${newId()}`, { token, body: { disabled: true } }) },
    { route: 'POST /sync', call: () => timed.request('POST', '/sync', { token, body: { clientId: 'sleeper-phone', cursor: null, changes: [] } }) },
    {
      route: 'PUT /blobs/:hash',
      call: () => {
        const file = blobOf('after expiry');
        return timed.request('PUT', `/blobs/${file.hash}`, { token, raw: file.bytes, headers: { 'content-type': 'image/jpeg' } });
      },
    },
    { route: 'GET /blobs/:hash', call: () => timed.request('GET', `/blobs/${fileHash}`, { token }) },
    { route: 'HEAD /blobs/:hash', call: () => timed.request('HEAD', `/blobs/${fileHash}`, { token }) },
  ];
  describe('a year and a day after its last use', () => {
    beforeAll(() => {
      clock += 366 * DAY;
    });
    it.each(ROUTES)('$route refuses it', async ({ route, call }) => {
      const response = await call();
      expect(response.status).toBe(401);
      if (!route.startsWith('HEAD')) expect(response.body).toEqual({ error: { code: 'unauthorized', message: ENGLISH } });
    });
  });
});

// Guessing passwords: five failures per user name and fifty per address in 15 minutes.
describe('guessing passwords', () => {
  let guarded: TestServer;
  let clock = Date.now();
  const attempt = (username: string, password = 'wrong-guess') => guarded.request('POST', '/auth/login', { body: { username, password } });
  beforeAll(async () => {
    guarded = await startServer({ now: () => clock });
    const admin = await guarded.login('admin', ADMIN_PASSWORD);
    for (const username of ['guard-user', 'para-user', 'spread-user']) {
      await guarded.request('POST', '/users', {
        token: admin,
        body: { username, password: 'password-123', displayName: username, role: 'volunteer', communityIds: [] },
      });
    }
  });
  afterAll(async () => {
    await guarded.close();
  });
  // Each test starts after the window of the one before.
  beforeEach(() => {
    clock += 16 * 60 * 1000;
  });

  it('counts a user name in any mix of capitals as one', async () => {
    for (const username of ['Guard-User', 'GUARD-USER', 'guard-user', 'gUaRd-UsEr', 'GUARD-user']) expect((await attempt(username)).status).toBe(401);
    const blocked = await attempt('guard-user', 'password-123');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock += 15 * 60 * 1000 + 1000;
    expect((await attempt('guard-user', 'password-123')).status).toBe(200);
  });

  it('lets no more than five guesses through when they arrive all at once', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt('para-user')));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    expect((await attempt('para-user', 'password-123')).status).toBe(429);
  });

  // Every refused name costs a full scrypt (see the timing test below), so these take seconds: each
  // about fifty checks, 13–14 s with a build beside it, more on a machine busier still.
  const GUESSING_TIMEOUT = 180_000;
  it('blocks an address after fifty failures spread over many user names, even with a right password', { timeout: GUESSING_TIMEOUT }, async () => {
    for (let i = 0; i < 50; i += 1) expect((await attempt(`nobody-${i % 10}`)).status).toBe(401);
    expect((await attempt('spread-user', 'password-123')).status).toBe(429);
    clock += 15 * 60 * 1000 + 1000;
    expect((await attempt('spread-user', 'password-123')).status).toBe(200);
  });

  it('takes as long to refuse a user name that does not exist as a wrong password for a real one', { timeout: GUESSING_TIMEOUT }, async () => {
    const timed = async (username: string) => {
      const started = performance.now();
      expect((await attempt(username)).status).toBe(401);
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    await timed('warm-up-name');
    const real: number[] = [];
    const unknown: number[] = [];
    // Interleaved, four of each (a fifth failure would block the real name).
    for (let i = 0; i < 4; i += 1) {
      real.push(await timed('guard-user'));
      unknown.push(await timed(`no-such-user-${i}`));
    }
    // Without the decoy hash an unknown name is answered in about a millisecond, a real one after
    // tens of milliseconds of scrypt.
    expect(median(unknown)).toBeGreaterThan(median(real) * 0.5);
  });

  it('does not forgive an address its failures when one of its guesses is right', { timeout: GUESSING_TIMEOUT }, async () => {
    for (let i = 0; i < 49; i += 1) expect((await attempt(`victim-${i % 10}`)).status).toBe(401);
    expect((await attempt('spread-user', 'password-123')).status).toBe(200);
    expect((await attempt('victim-x')).status).toBe(401);
    expect((await attempt('victim-y')).status).toBe(429);
  });
});
