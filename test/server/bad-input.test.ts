// @vitest-environment node
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import { MAX_BLOB_BYTES, MAX_CHANGES_PER_REQUEST, MAX_SYNC_BODY_BYTES } from '../../src/core/protocol';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';
import { openSnapshots } from './storage-snapshot';

// Bad input to every endpoint, one table. Each case is sent to the real server; it must answer with
// a clear 4xx and `{"error":{"code"}}` (or, for one bad change inside a good sync request, 200 with
// that change rejected: the promise that one bad record never blocks the others), change nothing
// stored, and leave the server answering /health. Most of this file is the table itself; each row
// is listed under "Bad input" in docs/reliability.md.

let server: TestServer;
let snapshots: Awaited<ReturnType<typeof openSnapshots>>;
let ctx: Context;

interface Context {
  staff: string;
  spare: string;
  /** volunteer-a: reads community A as another phone would. */
  reader: string;
  admin: string;
  communityA: string;
  targetUserId: string;
  assetId: string;
  storedBlob: string;
}

type Body = string | Uint8Array<ArrayBuffer>;
interface BadInput {
  name: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string | ((c: Context) => string);
  as: 'nobody' | 'staff' | 'spare' | 'admin';
  /** Sent as application/json unless `type` says otherwise. */
  json?: (c: Context) => unknown;
  raw?: (c: Context) => Body;
  /** Content-Type; null sends none. */
  type?: string | null;
  encoding?: 'gzip';
  /** Send the path as written: fetch would resolve `../` before it leaves. */
  literalPath?: true;
  expect: { status: number; code: string } | { rejected: string };
}

let counter = 0;
const stamp = () => encodeHlc({ wallMs: Date.now(), counter: (counter += 1) % 1000, node: 'bad-input' });
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part)))));
const sha256 = (body: Body) => createHash('sha256').update(body).digest('hex');
const over = (limit: number) => JSON.stringify({ pad: 'x'.repeat(limit + 1024) });
let bomb: Uint8Array<ArrayBuffer> | undefined;
/** 50 MB of spaces in 50 KB: the limit must hold for the bytes after decompression. */
const gzipBomb = () => (bomb ??= new Uint8Array(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20))));
const kg = (n: number) => 'ө'.repeat(n);

const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], 'a small jpeg body');
const HTML = bytes('<!doctype html><script>alert(document.cookie)</script>');

const E = (status: number, code: string) => ({ status, code });
/** A sentence for people, not the code again. */
const ENGLISH = expect.stringMatching(/^[A-Z][a-z]* /);
const rejected = (code: string) => ({ rejected: code });

/** A sync request of one change, written as JSON text so that escapes reach the server as sent. */
const changeText = (setText: string) =>
  `{"clientId":"bad-input-1","cursor":null,"changes":[{"id":"${newId()}","collection":"assets","docId":"${newId()}","hlc":"${stamp()}","set":${setText}}]}`;
const assetSet = (c: Context, extra: string) => `{"communityId":"${c.communityA}","name":"Булак","category":"natural",${extra}}`;
const oneChange = (change: (c: Context) => Record<string, unknown>) => (c: Context) => ({
  clientId: 'bad-input-1',
  cursor: null,
  changes: [{ id: newId(), docId: newId(), hlc: stamp(), collection: 'assets', ...change(c) }],
});
const asset = (set: (c: Context) => Record<string, unknown>) =>
  oneChange((c) => ({ set: { communityId: c.communityA, name: 'Булак', category: 'natural', ...set(c) } }));
const caseStudy = (set: Record<string, unknown>) =>
  oneChange((c) => ({ collection: 'caseStudies', set: { communityId: c.communityA, title: 'Жайыт', status: 'draft', ...set } }));
const photo = { hash: 'a'.repeat(64), mime: 'image/jpeg', size: 1000 };

/** What every JSON endpoint must refuse before it looks at the fields. */
function unreadable(route: Pick<BadInput, 'method' | 'path' | 'as'>, label: string): BadInput[] {
  const rows: Omit<BadInput, 'method' | 'path' | 'as'>[] = [
    { name: 'malformed JSON', raw: () => '{"username":', expect: E(400, 'bad_request') },
    { name: 'NaN is not JSON', raw: () => '{"lat":NaN}', expect: E(400, 'bad_request') },
    { name: 'empty JSON body', raw: () => '', expect: E(400, 'bad_request') },
    { name: 'JSON sent as text/plain', raw: () => '{}', type: 'text/plain', expect: E(415, 'wrong_type') },
    { name: 'a form', raw: () => 'username=admin&password=x', type: 'application/x-www-form-urlencoded', expect: E(415, 'wrong_type') },
    { name: 'XML', raw: () => '<login/>', type: 'application/xml', expect: E(415, 'wrong_type') },
    { name: 'no Content-Type', raw: () => bytes('{}'), type: null, expect: E(415, 'wrong_type') },
    { name: 'body over 4 MB', raw: () => over(MAX_SYNC_BODY_BYTES), expect: E(413, 'too_large') },
    { name: 'gzip bomb (50 MB inflated)', raw: gzipBomb, encoding: 'gzip', expect: E(413, 'too_large') },
    { name: 'bytes that are not UTF-8', raw: () => bytes('{"username":"', [0xff, 0xfe, 0xc0], '"}'), expect: E(400, 'bad_request') },
    { name: '__proto__ at top level', raw: () => '{"__proto__":{"role":"admin"}}', expect: E(400, 'bad_request') },
    { name: 'constructor.prototype at top level', raw: () => '{"constructor":{"prototype":{"role":"admin"}}}', expect: E(400, 'bad_request') },
  ];
  return rows.map((row) => ({ ...route, ...row, name: `${label}: ${row.name}` }));
}

/** Valid JSON of the wrong shape: refused by the schema of every endpoint that reads a body. */
function misshapen(route: Pick<BadInput, 'method' | 'path' | 'as'>, label: string): BadInput[] {
  const rows: Omit<BadInput, 'method' | 'path' | 'as'>[] = [
    { name: 'an array', raw: () => '[]', expect: E(400, 'bad_request') },
    { name: 'null', raw: () => 'null', expect: E(400, 'bad_request') },
    { name: 'a string', raw: () => '"admin"', expect: E(400, 'bad_request') },
    { name: 'a number', raw: () => '1e400', expect: E(400, 'bad_request') },
    { name: '10,000-deep array', raw: () => deepArray(10_000), expect: E(400, 'bad_request') },
    { name: '10,000-deep object', raw: () => deepObject(10_000), expect: E(400, 'bad_request') },
    { name: 'a constructor key', raw: () => '{"constructor":"x"}', expect: E(400, 'bad_request') },
    { name: 'a prototype key', raw: () => '{"prototype":{"role":"admin"}}', expect: E(400, 'bad_request') },
  ];
  return rows.map((row) => ({ ...route, ...row, name: `${label}: ${row.name}` }));
}

const LOGIN = { method: 'POST', path: '/auth/login', as: 'nobody' } as const;
// Its own sign-in: a logout that wrongly succeeded would otherwise end the staff token for every later case.
const LOGOUT = { method: 'POST', path: '/auth/logout', as: 'spare' } as const;
const NEW_COMMUNITY = { method: 'POST', path: '/communities', as: 'admin' } as const;
const NEW_USER = { method: 'POST', path: '/users', as: 'admin' } as const;
const PATCH_USER = { method: 'PATCH', path: (c: Context) => `/users/${c.targetUserId}`, as: 'admin' } as const;
const SYNC = { method: 'POST', path: '/sync', as: 'staff' } as const;
const user = (extra: Record<string, unknown>) => () => ({
  username: `new-${newId().slice(0, 8)}`,
  password: 'password-123',
  displayName: 'Жаңы',
  role: 'staff',
  communityIds: [],
  ...extra,
});

const CASES: BadInput[] = [
  // Routes that take no body, or no such route.
  { name: 'POST /health: no such route', method: 'POST', path: '/health', as: 'nobody', json: () => ({}), expect: E(404, 'not_found') },
  {
    name: 'PUT /config: no such route',
    method: 'PUT',
    path: '/config',
    as: 'nobody',
    json: () => ({ tileUrl: 'https://evil.example/{z}/{x}/{y}.png' }),
    expect: E(404, 'not_found'),
  },
  { name: 'GET /health/../../etc/passwd, escaped', method: 'GET', path: '/health%2f..%2f..%2fetc%2fpasswd', as: 'nobody', expect: E(404, 'not_found') },
  { name: 'POST /me: no such route', method: 'POST', path: '/me', as: 'staff', json: () => ({ role: 'admin' }), expect: E(404, 'not_found') },
  { name: 'DELETE /communities: no such route', method: 'DELETE', path: '/communities', as: 'admin', expect: E(404, 'not_found') },

  ...unreadable(LOGIN, 'login'),
  ...misshapen(LOGIN, 'login'),
  { ...LOGIN, name: 'login: user name is a number', json: () => ({ username: 42, password: 'password-123' }), expect: E(400, 'bad_request') },
  { ...LOGIN, name: 'login: no password', json: () => ({ username: 'staff-a' }), expect: E(400, 'bad_request') },
  { ...LOGIN, name: 'login: an extra field', json: () => ({ username: 'staff-a', password: 'password-123', role: 'admin' }), expect: E(400, 'bad_request') },
  { ...LOGIN, name: 'login: empty user name', json: () => ({ username: '', password: 'password-123' }), expect: E(400, 'required') },
  { ...LOGIN, name: 'login: user name over 100', json: () => ({ username: 'a'.repeat(101), password: 'x' }), expect: E(400, 'too_long') },
  { ...LOGIN, name: 'login: password over 1000', json: () => ({ username: 'staff-a', password: 'x'.repeat(1001) }), expect: E(400, 'too_long') },
  { ...LOGIN, name: 'login: lone surrogate in the user name', raw: () => '{"username":"admin\\ud800","password":"x"}', expect: E(400, 'malformed_text') },
  {
    ...LOGIN,
    name: 'login: lone surrogate in the password',
    raw: () => '{"username":"admin","password":"\\udc00\\udc00\\udc00"}',
    expect: E(400, 'malformed_text'),
  },
  {
    ...LOGIN,
    name: 'login: NUL in the device name',
    raw: () => '{"username":"admin","password":"x","deviceName":"a\\u0000b"}',
    expect: E(400, 'malformed_text'),
  },
  { ...LOGIN, name: 'login: SQL in the user name', json: () => ({ username: "admin' --", password: 'x' }), expect: E(401, 'bad_credentials') },
  { ...LOGIN, name: 'login: SQL in the password', json: () => ({ username: 'admin', password: "' OR '1'='1" }), expect: E(401, 'bad_credentials') },

  ...unreadable(LOGOUT, 'logout'),

  ...unreadable(NEW_COMMUNITY, 'new community'),
  ...misshapen(NEW_COMMUNITY, 'new community'),
  { ...NEW_COMMUNITY, name: 'new community: no name', json: () => ({ rayonId: '41705214000000' }), expect: E(400, 'bad_request') },
  { ...NEW_COMMUNITY, name: 'new community: every name empty', json: () => ({ name: { ky: ' ', ru: '', en: '' } }), expect: E(400, 'required') },
  { ...NEW_COMMUNITY, name: 'new community: name over 200', json: () => ({ name: { ky: kg(201) } }), expect: E(400, 'too_long') },
  { ...NEW_COMMUNITY, name: 'new community: lone surrogate', raw: () => '{"name":{"ky":"\\ud800"}}', expect: E(400, 'malformed_text') },
  { ...NEW_COMMUNITY, name: 'new community: NUL byte', raw: () => '{"name":{"ky":"Ак\\u0000Сай"}}', expect: E(400, 'malformed_text') },
  { ...NEW_COMMUNITY, name: 'new community: name is an array', json: () => ({ name: ['Ак-Сай'] }), expect: E(400, 'bad_request') },
  {
    ...NEW_COMMUNITY,
    name: 'new community: __proto__ inside name',
    raw: () => '{"name":{"ky":"X","__proto__":{"admin":true}}}',
    expect: E(400, 'bad_request'),
  },
  { ...NEW_COMMUNITY, name: 'new community: 10,000-deep name', raw: () => `{"name":${deepObject(10_000)}}`, expect: E(400, 'bad_request') },
  {
    ...NEW_COMMUNITY,
    name: 'new community: bad rayon',
    json: () => ({ name: { ky: 'X' }, rayonId: "417'; DROP TABLE communities;--" }),
    expect: E(400, 'bad_rayon'),
  },
  { ...NEW_COMMUNITY, name: 'new community: bad code', json: () => ({ name: { ky: 'X' }, code: 'kg-01' }), expect: E(400, 'bad_code') },
  { ...NEW_COMMUNITY, name: 'new community: code taken', json: () => ({ name: { ky: 'X' }, code: 'KG0000TAKEN' }), expect: E(409, 'duplicate_code') },

  ...unreadable(NEW_USER, 'new user'),
  ...misshapen(NEW_USER, 'new user'),
  {
    ...NEW_USER,
    name: 'new user: no role',
    json: () => ({ username: 'no-role', password: 'password-123', displayName: 'X', communityIds: [] }),
    expect: E(400, 'bad_request'),
  },
  { ...NEW_USER, name: 'new user: unknown role', json: user({ role: 'king' }), expect: E(400, 'not_in_list') },
  { ...NEW_USER, name: 'new user: role in capitals', json: user({ role: 'ADMIN' }), expect: E(400, 'not_in_list') },
  { ...NEW_USER, name: 'new user: user name with ../', json: user({ username: '../etc/passwd' }), expect: E(400, 'bad_username') },
  { ...NEW_USER, name: 'new user: SQL user name', json: user({ username: "x'); DROP TABLE users;--" }), expect: E(400, 'bad_username') },
  { ...NEW_USER, name: 'new user: user name taken, other case', json: user({ username: 'STAFF-A' }), expect: E(409, 'duplicate_username') },
  { ...NEW_USER, name: 'new user: password of 7', json: user({ password: 'short-7' }), expect: E(400, 'too_short') },
  {
    ...NEW_USER,
    name: 'new user: password with a lone surrogate',
    raw: () => JSON.stringify(user({})()).replace('"password-123"', '"password-\\ud800"'),
    expect: E(400, 'malformed_text'),
  },
  { ...NEW_USER, name: 'new user: password over 1000', json: user({ password: 'x'.repeat(1001) }), expect: E(400, 'too_long') },
  { ...NEW_USER, name: 'new user: empty display name', json: user({ displayName: '' }), expect: E(400, 'required') },
  { ...NEW_USER, name: 'new user: display name of spaces', json: user({ displayName: '   ' }), expect: E(400, 'required') },
  { ...NEW_USER, name: 'new user: display name over 200', json: user({ displayName: kg(201) }), expect: E(400, 'too_long') },
  {
    ...NEW_USER,
    name: 'new user: display name lone surrogate',
    raw: () => JSON.stringify(user({})()).replace('"Жаңы"', '"\\udc00"'),
    expect: E(400, 'malformed_text'),
  },
  { ...NEW_USER, name: 'new user: communityIds not a list', json: user({ communityIds: 'all' }), expect: E(400, 'bad_request') },
  { ...NEW_USER, name: 'new user: community not a uuid', json: user({ communityIds: ['../a'] }), expect: E(400, 'not_uuid') },
  { ...NEW_USER, name: 'new user: unknown community', json: user({ communityIds: [newId()] }), expect: E(400, 'unknown_community') },
  { ...NEW_USER, name: 'new user: 10,000 communities', json: user({ communityIds: Array.from({ length: 10_000 }, newId) }), expect: E(400, 'too_many') },

  ...unreadable(PATCH_USER, 'change user'),
  ...misshapen(PATCH_USER, 'change user'),
  { ...PATCH_USER, name: 'change user: id with ../', path: '/users/..%2F..%2Fetc%2Fpasswd', json: () => ({ disabled: true }), expect: E(404, 'not_found') },
  { ...PATCH_USER, name: 'change user: unknown id', path: () => `/users/${newId()}`, json: () => ({ disabled: true }), expect: E(404, 'not_found') },
  { ...PATCH_USER, name: 'change user: unknown role', json: () => ({ role: 'root' }), expect: E(400, 'not_in_list') },
  { ...PATCH_USER, name: 'change user: disabled as text', json: () => ({ disabled: 'yes' }), expect: E(400, 'bad_request') },
  { ...PATCH_USER, name: 'change user: user name cannot change', json: () => ({ username: 'admin' }), expect: E(400, 'bad_request') },
  { ...PATCH_USER, name: 'change user: unknown community', json: () => ({ communityIds: [newId()] }), expect: E(400, 'unknown_community') },

  ...unreadable(SYNC, 'sync'),
  ...misshapen(SYNC, 'sync'),
  { ...SYNC, name: 'sync: no clientId', json: () => ({ cursor: null, changes: [] }), expect: E(400, 'bad_request') },
  { ...SYNC, name: 'sync: empty clientId', json: () => ({ clientId: '', cursor: null, changes: [] }), expect: E(400, 'bad_client_id') },
  { ...SYNC, name: 'sync: clientId with ../', json: () => ({ clientId: '../../../etc', cursor: null, changes: [] }), expect: E(400, 'bad_client_id') },
  { ...SYNC, name: 'sync: clientId over 64', json: () => ({ clientId: 'a'.repeat(65), cursor: null, changes: [] }), expect: E(400, 'bad_client_id') },
  { ...SYNC, name: 'sync: cursor as a number', json: () => ({ clientId: 'bad-input-1', cursor: 5, changes: [] }), expect: E(400, 'bad_request') },
  { ...SYNC, name: 'sync: negative cursor', json: () => ({ clientId: 'bad-input-1', cursor: '-1', changes: [] }), expect: E(400, 'bad_cursor') },
  { ...SYNC, name: 'sync: cursor of 16 digits', json: () => ({ clientId: 'bad-input-1', cursor: '1'.repeat(16), changes: [] }), expect: E(400, 'bad_cursor') },
  { ...SYNC, name: 'sync: changes not a list', json: () => ({ clientId: 'bad-input-1', cursor: null, changes: {} }), expect: E(400, 'bad_request') },
  {
    ...SYNC,
    name: `sync: ${MAX_CHANGES_PER_REQUEST + 1} changes`,
    json: (c) => ({
      clientId: 'bad-input-1',
      cursor: null,
      changes: Array.from({ length: MAX_CHANGES_PER_REQUEST + 1 }, () => asset(() => ({}))(c).changes[0]),
    }),
    expect: E(400, 'too_many'),
  },
  { ...SYNC, name: 'sync: __proto__ inside set', raw: (c) => changeText(assetSet(c, '"__proto__":{"admin":true}')), expect: E(400, 'bad_request') },
  {
    ...SYNC,
    name: 'sync: constructor.prototype inside set',
    raw: (c) => changeText(assetSet(c, '"constructor":{"prototype":{"admin":true}}')),
    expect: E(400, 'bad_request'),
  },
  {
    ...SYNC,
    name: 'sync: 10,000-deep array as the change list',
    raw: () => `{"clientId":"bad-input-1","cursor":null,"changes":${deepArray(10_000)}}`,
    expect: { rejected: 'bad_change' },
  },

  // One bad change in a good request: rejected by code, nothing stored.
  { ...SYNC, name: 'change: lone high surrogate', raw: (c) => changeText(assetSet(c, '"description":"\\ud800"')), expect: rejected('malformed_text') },
  { ...SYNC, name: 'change: lone low surrogate', raw: (c) => changeText(assetSet(c, '"steward":"Ак\\udc00"')), expect: rejected('malformed_text') },
  { ...SYNC, name: 'change: NUL byte', raw: (c) => changeText(assetSet(c, '"description":"a\\u0000b"')), expect: rejected('malformed_text') },
  { ...SYNC, name: 'change: latitude 91', json: asset(() => ({ location: { lat: 91, lng: 74 } })), expect: rejected('out_of_range') },
  { ...SYNC, name: 'change: longitude -181', json: asset(() => ({ location: { lat: 42, lng: -181 } })), expect: rejected('out_of_range') },
  { ...SYNC, name: 'change: latitude 1e400', raw: (c) => changeText(assetSet(c, '"location":{"lat":1e400,"lng":74}')), expect: rejected('not_number') },
  { ...SYNC, name: 'change: accuracy 1e308', json: asset(() => ({ location: { lat: 42, lng: 74, accuracy: 1e308 } })), expect: rejected('out_of_range') },
  {
    ...SYNC,
    name: 'change: location with a constructor key',
    raw: (c) => changeText(assetSet(c, '"location":{"lat":1,"lng":1,"constructor":{}}')),
    expect: rejected('bad_value'),
  },
  { ...SYNC, name: 'change: resources of 1e300 som', json: caseStudy({ resourcesKgs: 1e300 }), expect: rejected('out_of_range') },
  { ...SYNC, name: 'change: negative resources', json: caseStudy({ resourcesKgs: -1 }), expect: rejected('out_of_range') },
  {
    ...SYNC,
    name: 'change: photo size 1e400',
    raw: (c) => changeText(assetSet(c, `"photos":[{"hash":"${'a'.repeat(64)}","mime":"image/jpeg","size":1e400}]`)),
    expect: rejected('not_number'),
  },
  {
    ...SYNC,
    name: 'change: photo size over 10 MB',
    json: asset(() => ({ photos: [{ ...photo, size: MAX_BLOB_BYTES + 1 }] })),
    expect: rejected('out_of_range'),
  },
  { ...SYNC, name: 'change: photo hash ../', json: asset(() => ({ photos: [{ ...photo, hash: '../../../../etc/passwd' }] })), expect: rejected('not_hash') },
  {
    ...SYNC,
    name: 'change: photo hash %2e%2e%2f',
    json: asset(() => ({ photos: [{ ...photo, hash: '%2e%2e%2f'.repeat(7) + 'a' }] })),
    expect: rejected('not_hash'),
  },
  { ...SYNC, name: 'change: photo typed text/html', json: asset(() => ({ photos: [{ ...photo, mime: 'text/html' }] })), expect: rejected('not_in_list') },
  {
    ...SYNC,
    name: 'change: thumbnail that is a script',
    json: asset(() => ({ photos: [{ ...photo, thumb: 'data:text/html;base64,PHNjcmlwdD4=' }] })),
    expect: rejected('not_thumbnail'),
  },
  { ...SYNC, name: 'change: 21 photos', json: asset(() => ({ photos: Array.from({ length: 21 }, () => photo) })), expect: rejected('too_many') },
  { ...SYNC, name: 'change: 10,000 tags', json: asset(() => ({ tags: Array.from({ length: 10_000 }, (_, i) => `t${i}`) })), expect: rejected('too_many') },
  { ...SYNC, name: 'change: empty tag', json: asset(() => ({ tags: [''] })), expect: rejected('required') },
  { ...SYNC, name: 'change: empty name', json: asset(() => ({ name: '' })), expect: rejected('required') },
  { ...SYNC, name: 'change: name of 201 letters', json: asset(() => ({ name: kg(201) })), expect: rejected('too_long') },
  { ...SYNC, name: 'change: description of 5001', json: asset(() => ({ description: 'ы'.repeat(5001) })), expect: rejected('too_long') },
  { ...SYNC, name: 'change: title of 301', json: caseStudy({ title: kg(301) }), expect: rejected('too_long') },
  { ...SYNC, name: 'change: problem of 20,001', json: caseStudy({ problem: 'a'.repeat(20_001) }), expect: rejected('too_long') },
  { ...SYNC, name: 'change: phone with letters', json: caseStudy({ contactPhone: '+996 <script>' }), expect: rejected('not_phone') },
  { ...SYNC, name: 'change: month 2026-13', json: caseStudy({ periodFrom: '2026-13' }), expect: rejected('not_month') },
  {
    ...SYNC,
    name: 'change: tally of 1e20 people',
    json: oneChange((c) => ({
      collection: 'workshops',
      set: { communityId: c.communityA, title: 'T', type: 'seminar', startDate: '2026-01-01', tally: { citizen: { female: 1e20 } } },
    })),
    expect: rejected('out_of_range'),
  },
  {
    ...SYNC,
    name: 'change: tally of 1.5 people',
    json: oneChange((c) => ({
      collection: 'workshops',
      set: { communityId: c.communityA, title: 'T', type: 'seminar', startDate: '2026-01-01', tally: { citizen: { male: 1.5 } } },
    })),
    expect: rejected('not_number'),
  },
  { ...SYNC, name: 'change: empty communityId', json: asset(() => ({ communityId: '' })), expect: rejected('not_uuid') },
  { ...SYNC, name: 'change: communityId with SQL', json: asset(() => ({ communityId: "' OR 1=1 --" })), expect: rejected('not_uuid') },
  { ...SYNC, name: 'change: unknown community', json: asset(() => ({ communityId: newId() })), expect: rejected('forbidden_community') },
  { ...SYNC, name: 'change: unknown field', json: asset(() => ({ colour: 'red' })), expect: rejected('unknown_field') },
  { ...SYNC, name: 'change: prototype key only', raw: () => changeText('{"prototype":{"admin":true}}'), expect: rejected('empty_change') },
  {
    ...SYNC,
    name: 'change: name as a 10,000-deep array',
    raw: (c) => changeText(`{"communityId":"${c.communityA}","name":${deepArray(10_000)},"category":"natural"}`),
    expect: rejected('bad_value'),
  },
  { ...SYNC, name: 'change: empty set', json: oneChange(() => ({ set: {} })), expect: rejected('empty_change') },
  {
    ...SYNC,
    name: 'change: delete with fields',
    json: oneChange((c) => ({ deleted: true, set: { name: 'x', communityId: c.communityA } })),
    expect: rejected('bad_change'),
  },
  {
    ...SYNC,
    name: 'change: participant of an event that does not exist',
    json: oneChange((c) => ({ collection: 'participants', set: { communityId: c.communityA, workshopId: newId(), name: 'Айгүл' } })),
    expect: rejected('workshop_mismatch'),
  },
  { ...SYNC, name: 'change: delete of a record never stored', json: oneChange(() => ({ deleted: true })), expect: rejected('unknown_record') },
  {
    ...SYNC,
    name: 'change: new record without its name',
    json: oneChange((c) => ({ set: { communityId: c.communityA, category: 'natural' } })),
    expect: rejected('missing_field'),
  },
  {
    ...SYNC,
    name: 'change: garbage clock',
    json: oneChange((c) => ({ hlc: "1'; --", set: { communityId: c.communityA, name: 'x', category: 'natural' } })),
    expect: rejected('bad_clock'),
  },
  {
    ...SYNC,
    name: 'change: unknown collection',
    json: oneChange(() => ({ collection: 'users', set: { role: 'admin' } })),
    expect: rejected('unknown_collection'),
  },
  {
    ...SYNC,
    name: 'change: collection __proto__',
    json: oneChange(() => ({ collection: '__proto__', set: { x: 1 } })),
    expect: rejected('unknown_collection'),
  },
  {
    ...SYNC,
    name: 'change: docId with ../',
    json: oneChange((c) => ({ docId: '../../etc/passwd', set: { communityId: c.communityA, name: 'x', category: 'natural' } })),
    expect: rejected('not_uuid'),
  },
  { ...SYNC, name: 'change: a field name of 10,000', json: asset(() => ({ ['f'.repeat(10_000)]: 1 })), expect: rejected('bad_change') },
  {
    ...SYNC,
    name: 'change: edit with a number for the name',
    json: oneChange((c) => ({ docId: c.assetId, set: { name: 12 } })),
    expect: rejected('bad_value'),
  },

  // Blobs.
  {
    name: 'PUT blob: upper-case hash',
    method: 'PUT',
    path: () => `/blobs/${sha256(JPEG).toUpperCase()}`,
    as: 'staff',
    raw: () => JPEG,
    type: 'image/jpeg',
    expect: E(400, 'bad_hash'),
  },
  {
    name: 'PUT blob: hash of 63',
    method: 'PUT',
    path: () => `/blobs/${sha256(JPEG).slice(1)}`,
    as: 'staff',
    raw: () => JPEG,
    type: 'image/jpeg',
    expect: E(400, 'bad_hash'),
  },
  {
    name: 'PUT blob: %2e%2e%2f in the hash',
    method: 'PUT',
    path: '/blobs/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    as: 'staff',
    raw: () => JPEG,
    type: 'image/jpeg',
    expect: E(400, 'bad_hash'),
  },
  {
    name: 'PUT blob: bytes of another hash',
    method: 'PUT',
    path: () => `/blobs/${'0'.repeat(64)}`,
    as: 'staff',
    raw: () => JPEG,
    type: 'image/jpeg',
    expect: E(422, 'hash_mismatch'),
  },
  {
    name: 'PUT blob: HTML sent as image/jpeg',
    method: 'PUT',
    path: () => `/blobs/${sha256(HTML)}`,
    as: 'staff',
    raw: () => HTML,
    type: 'image/jpeg',
    expect: E(415, 'wrong_type'),
  },
  {
    name: 'PUT blob: HTML without the PNG signature',
    method: 'PUT',
    path: () => `/blobs/${sha256(HTML)}`,
    as: 'staff',
    raw: () => HTML,
    type: 'image/png',
    expect: E(415, 'wrong_type'),
  },
  {
    name: 'PUT blob: a JPEG sent as PNG',
    method: 'PUT',
    path: () => `/blobs/${sha256(JPEG)}`,
    as: 'staff',
    raw: () => JPEG,
    type: 'image/png',
    expect: E(415, 'wrong_type'),
  },
  {
    name: 'PUT blob: typed text/html',
    method: 'PUT',
    path: () => `/blobs/${sha256(HTML)}`,
    as: 'staff',
    raw: () => HTML,
    type: 'text/html',
    expect: E(415, 'wrong_type'),
  },
  {
    name: 'PUT blob: typed image/svg+xml',
    method: 'PUT',
    path: () => `/blobs/${sha256(HTML)}`,
    as: 'staff',
    raw: () => HTML,
    type: 'image/svg+xml',
    expect: E(415, 'wrong_type'),
  },
  {
    name: 'PUT blob: no Content-Type',
    method: 'PUT',
    path: () => `/blobs/${sha256(JPEG)}`,
    as: 'staff',
    raw: () => JPEG,
    type: null,
    expect: E(415, 'wrong_type'),
  },
  { name: 'PUT blob: JSON', method: 'PUT', path: () => `/blobs/${sha256('{}')}`, as: 'staff', raw: () => '{}', expect: E(415, 'wrong_type') },
  {
    name: 'PUT blob: empty',
    method: 'PUT',
    path: () => `/blobs/${sha256('')}`,
    as: 'staff',
    raw: () => new Uint8Array(0),
    type: 'image/jpeg',
    expect: E(415, 'wrong_type'),
  },
  {
    name: 'PUT blob: over 10 MB',
    method: 'PUT',
    path: () => `/blobs/${'b'.repeat(64)}`,
    as: 'staff',
    raw: () => bytes([0xff, 0xd8, 0xff], 'x'.repeat(MAX_BLOB_BYTES)),
    type: 'image/jpeg',
    expect: E(413, 'too_large'),
  },
  {
    name: 'PUT blob: gzip bomb',
    method: 'PUT',
    path: () => `/blobs/${'b'.repeat(64)}`,
    as: 'staff',
    raw: gzipBomb,
    type: 'image/jpeg',
    encoding: 'gzip',
    expect: E(413, 'too_large'),
  },
  {
    name: 'GET blob: a literal ../ in the path',
    method: 'GET',
    path: '/blobs/../../../../../etc/passwd',
    literalPath: true,
    as: 'staff',
    expect: E(404, 'not_found'),
  },
  {
    name: 'PUT blob: a literal ../ in the path',
    method: 'PUT',
    path: () => `/blobs/../../blobs/${sha256(JPEG)}`,
    literalPath: true,
    as: 'staff',
    raw: () => JPEG,
    type: 'image/jpeg',
    expect: E(404, 'not_found'),
  },
  { name: 'GET blob: %2e%2e%2f', method: 'GET', path: '/blobs/%2e%2e%2f%2e%2e%2fdata%2fashar.sqlite', as: 'staff', expect: E(400, 'bad_hash') },
  { name: 'GET blob: ..%2F', method: 'GET', path: '/blobs/..%2F..%2Fashar.sqlite', as: 'staff', expect: E(400, 'bad_hash') },
  { name: 'GET blob: upper-case hash', method: 'GET', path: (c) => `/blobs/${c.storedBlob.toUpperCase()}`, as: 'staff', expect: E(400, 'bad_hash') },
  { name: 'GET blob: never stored', method: 'GET', path: () => `/blobs/${'c'.repeat(64)}`, as: 'staff', expect: E(404, 'not_found') },
  { name: 'HEAD blob: %2e%2e%2f', method: 'HEAD', path: '/blobs/%2e%2e%2f%2e%2e%2fetc%2fpasswd', as: 'staff', expect: E(400, 'bad_hash') },
  { name: 'HEAD blob: never stored', method: 'HEAD', path: () => `/blobs/${'c'.repeat(64)}`, as: 'staff', expect: E(404, 'not_found') },
];

beforeAll(async () => {
  server = await startServer();
  const seed = await seedAccounts(server);
  const target = await server.request('POST', '/users', {
    token: seed.admin,
    body: { username: 'target-user', password: 'password-123', displayName: 'Target', role: 'volunteer', communityIds: [seed.communities.a] },
  });
  await server.request('POST', '/communities', { token: seed.admin, body: { name: { ky: 'Алынган' }, code: 'KG0000TAKEN' } });
  const assetId = newId();
  await server.request('POST', '/sync', {
    token: seed.tokens['staff-a'],
    body: {
      clientId: 'bad-input-1',
      cursor: null,
      changes: [
        { id: newId(), collection: 'assets', docId: assetId, hlc: stamp(), set: { communityId: seed.communities.a, name: 'Булак', category: 'natural' } },
      ],
    },
  });
  const stored = await server.request('PUT', `/blobs/${sha256(JPEG)}`, { token: seed.tokens['staff-a'], raw: JPEG, headers: { 'content-type': 'image/jpeg' } });
  expect(stored.status).toBe(201);
  ctx = {
    staff: seed.tokens['staff-a']!,
    spare: await server.login('staff-a', 'password-123'),
    reader: seed.tokens['volunteer-a']!,
    admin: seed.admin,
    communityA: seed.communities.a,
    targetUserId: target.body.id,
    assetId,
    storedBlob: sha256(JPEG),
  };
  snapshots = await openSnapshots(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await snapshots?.close();
  await server.close();
});

async function send(row: BadInput) {
  const headers: Record<string, string> = {};
  const body = row.json ? JSON.stringify(row.json(ctx)) : row.raw?.(ctx);
  const type = row.type === undefined ? (body !== undefined ? 'application/json' : undefined) : row.type;
  if (type) headers['content-type'] = type;
  if (row.encoding) headers['content-encoding'] = row.encoding;
  const token = row.as === 'nobody' ? undefined : ctx[row.as];
  const path = typeof row.path === 'function' ? row.path(ctx) : row.path;
  if (token) headers.authorization = `Bearer ${token}`;
  if (row.literalPath) return sendLiteral(row.method, path, headers, body);
  return server.request(row.method, path, { ...(body !== undefined ? { raw: body } : {}), headers });
}

/** A request over node:http, whose path goes out exactly as written. */
function sendLiteral(method: string, path: string, headers: Record<string, string>, body: Body | undefined) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    const outgoing = httpRequest({ hostname, port, method, path: `/api/v1${path}`, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('bad input to every endpoint', () => {
  it.each(CASES)('$name', async (row) => {
    const before = await snapshots.take();
    const response = await send(row);
    if ('rejected' in row.expect) {
      expect(response.status).toBe(200);
      expect(response.body.acked).toEqual([]);
      expect(response.body.rejected).toHaveLength(1);
      expect(response.body.rejected[0]).toMatchObject({ code: row.expect.rejected, message: ENGLISH });
    } else {
      expect(response.status).toBe(row.expect.status);
      if (row.method !== 'HEAD') {
        expect(response.body).toEqual({
          error: { code: row.expect.code, message: ENGLISH, ...(response.body?.error?.field ? { field: expect.any(String) } : {}) },
        });
      }
    }
    expect(await snapshots.take()).toEqual(before);
    expect((await server.request('GET', '/health')).status).toBe(200);
  });
});

// Text that is valid but easy to mangle: stored and returned exactly as sent, code point for code
// point. The server never normalises (NFC and NFD stay different) and never builds SQL from text.
const NFC = 'Айыл өкмөтү: жайыт, көпүрө жана ёлка';
const TEXTS = [
  { name: 'SQL that closes a string', text: "'); DROP TABLE docs;--" },
  { name: 'SQL with quotes and comments', text: `Robert"); DELETE FROM users WHERE 1=1; /* '' */ --` },
  { name: 'Kyrgyz in NFC', text: NFC },
  { name: 'Kyrgyz in NFD', text: NFC.normalize('NFD') },
  { name: 'letters outside the BMP', text: 'Жер 🌾𝕂 суу' },
  { name: 'HTML', text: '<img src=x onerror=alert(1)>' },
  { name: '200 Kyrgyz letters, the limit', text: kg(200) },
];
const codePoints = (text: unknown) => Array.from(String(text), (char) => char.codePointAt(0));

describe('text that must survive exactly', () => {
  it('sends the NFD text in a different form from the NFC one', () => {
    expect(NFC.normalize('NFD')).not.toBe(NFC);
    expect(codePoints(NFC.normalize('NFD')).length).toBeGreaterThan(codePoints(NFC).length);
  });

  it.each(TEXTS)('$name: an asset, a case study title, a community and a user name round-trip byte for byte', async ({ text }) => {
    const docId = newId();
    const change = {
      id: newId(),
      collection: 'assets',
      docId,
      hlc: stamp(),
      set: { communityId: ctx.communityA, name: text, category: 'natural', description: text, tags: [text.slice(0, 50)] },
    };
    const study = {
      id: newId(),
      collection: 'caseStudies',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: ctx.communityA, title: text, status: 'draft', problem: text },
    };
    const pushed = await server.request('POST', '/sync', { token: ctx.staff, body: { clientId: 'bad-input-1', cursor: null, changes: [change, study] } });
    expect(pushed.body.acked).toEqual([change.id, study.id]);
    // Read back by another member of the community, as their phone would.
    let cursor: string | null = null;
    let found: { fields: Record<string, unknown> } | undefined;
    let foundStudy: { fields: Record<string, unknown> } | undefined;
    for (let page = 0; page < 20 && !(found && foundStudy); page += 1) {
      const pulled: { body: { docs: { docId: string; fields: Record<string, unknown> }[]; cursor: string; more: boolean } } = await server.request(
        'POST',
        '/sync',
        {
          token: ctx.reader,
          body: { clientId: 'bad-input-reader', cursor, changes: [] },
        },
      );
      found ??= pulled.body.docs.find((doc) => doc.docId === docId);
      foundStudy ??= pulled.body.docs.find((doc) => doc.docId === study.docId);
      cursor = pulled.body.cursor;
      if (!pulled.body.more) break;
    }
    expect(codePoints(found!.fields.name)).toEqual(codePoints(text));
    expect(codePoints(found!.fields.description)).toEqual(codePoints(text));
    expect(found!.fields.tags).toEqual([text.slice(0, 50)]);
    expect(codePoints(foundStudy!.fields.title)).toEqual(codePoints(text));
    expect(codePoints(foundStudy!.fields.problem)).toEqual(codePoints(text));

    const community = await server.request('POST', '/communities', { token: ctx.admin, body: { name: { ky: text } } });
    expect(community.status).toBe(201);
    const listed = (await server.request('GET', '/communities', { token: ctx.staff })).body.communities.find((c: { id: string }) => c.id === community.body.id);
    expect(codePoints(listed.name.ky)).toEqual(codePoints(text));

    const created = await server.request('POST', '/users', {
      token: ctx.admin,
      body: { username: `text-${newId().slice(0, 8)}`, password: 'password-123', displayName: text, role: 'volunteer', communityIds: [] },
    });
    expect(created.status).toBe(201);
    expect(codePoints((await server.storage.userById(created.body.id))!.displayName)).toEqual(codePoints(text));
    // Every table is still there and answering.
    expect((await snapshots.take()).docs).toBeGreaterThan(0);
  });

  it('ignores what a phone puts in server-owned fields, however deep, and stores the record', async () => {
    const docId = newId();
    const changeId = newId();
    const body =
      `{"clientId":"bad-input-1","cursor":null,"changes":[{"id":"${changeId}","collection":"assets","docId":"${docId}","hlc":"${stamp()}",` +
      `"set":{"communityId":"${ctx.communityA}","name":"Булак","category":"natural","createdBy":${deepArray(10_000)},"communityName":${deepObject(10_000)},"rayonCode":{"__x":[1,2]}}}]}`;
    const response = await server.request('POST', '/sync', { token: ctx.staff, raw: body, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.body.acked).toEqual([changeId]);
    const stored = (await server.storage.getDoc('assets', docId))!;
    expect(stored.fields.createdBy).toBe((await server.storage.userByName('staff-a'))!.id);
    expect(stored.fields).not.toHaveProperty('communityName');
    expect(stored.fields).not.toHaveProperty('rayonCode');
    expect((await server.request('GET', '/health')).status).toBe(200);
  });
});
