// @vitest-environment node
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import { decodeHlc, encodeHlc } from '../../src/core/hlc';
import { ADMIN_PASSWORD, seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let counter = 0;
const stamp = () => encodeHlc({ wallMs: Date.now(), counter: (counter += 1) % 1000, node: 'test' });

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

const sync = (token: string, changes: unknown[], cursor: string | null = null) =>
  server.request('POST', '/sync', { token, body: { clientId: 'client-test-1', cursor, changes } });

const newAsset = (communityId: string, extra: Record<string, unknown> = {}) => ({
  id: newId(),
  collection: 'assets',
  docId: newId(),
  hlc: stamp(),
  set: { communityId, name: 'Булак', category: 'natural', description: 'Таза суу', ...extra },
});

describe('health and accounts', () => {
  it('answers health with version and server time', async () => {
    const response = await server.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', version: 'test' });
    expect(Date.parse(response.body.time)).not.toBeNaN();
    // Phones check that the server (not a Wi-Fi login page) is there with a bodiless HEAD.
    const head = await server.request('HEAD', '/health');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('application/json');
  });

  it('signs in, tells who is signed in, and signs out by revoking the token', async () => {
    const token = await server.login('staff-a', 'password-123');
    const me = await server.request('GET', '/me', { token });
    expect(me.body).toEqual({
      id: seed.ids['staff-a'],
      username: 'staff-a',
      displayName: 'staff-a',
      role: 'staff',
      communityIds: [seed.communities.a],
      position: null,
    });
    expect((await server.request('POST', '/auth/logout', { token })).status).toBe(204);
    const after = await server.request('GET', '/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
  });

  it('refuses wrong passwords, then throttles with Retry-After', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await server.request('POST', '/auth/login', { body: { username: 'volunteer-b', password: 'wrong' } });
      expect(response.status).toBe(401);
    }
    const blocked = await server.request('POST', '/auth/login', { body: { username: 'volunteer-b', password: 'password-123' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('stores passwords as scrypt hashes and tokens only as hashes', async () => {
    const user = (await server.storage.userByName('staff-a'))!;
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain('password-123');
    expect(await server.storage.tokenByHash(seed.tokens['staff-a']!)).toBeNull();
  });

  it('lets only coordinators and admins manage communities and users', async () => {
    const denied = await server.request('POST', '/communities', { token: seed.tokens['staff-a'], body: { name: { ky: 'X' } } });
    expect(denied.status).toBe(403);
    const byCoordinator = await server.request('POST', '/communities', {
      token: seed.tokens['coordinator-a'],
      body: { name: { ru: 'Новое' }, rayonId: '41705214000000', code: 'KG05214000009' },
    });
    expect(byCoordinator.status).toBe(201);
    expect(byCoordinator.body).toMatchObject({ name: { ky: '', ru: 'Новое', en: '' }, rayonId: '41705214000000', code: 'KG05214000009' });
    const list = await server.request('GET', '/communities', { token: seed.tokens['volunteer-a'] });
    expect(list.body.communities).toHaveLength(3);
    const bad = await server.request('POST', '/users', {
      token: seed.admin,
      body: { username: 'x', password: 'short', displayName: '', role: 'king', communityIds: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: expect.any(String), field: expect.any(String) });
    const duplicate = await server.request('POST', '/users', {
      token: seed.admin,
      body: { username: 'staff-a', password: 'password-123', displayName: 'X', role: 'staff', communityIds: [] },
    });
    expect(duplicate.status).toBe(409);
    // The same name, or the same community code, asked for twice at once: one is made, the other told.
    const twice = (path: string, body: unknown) =>
      Promise.all([0, 1].map(async () => (await server.request('POST', path, { token: seed.admin, body })).status));
    expect((await twice('/users', { username: 'twice', password: 'password-123', displayName: 'Twice', role: 'staff', communityIds: [] })).sort()).toEqual([
      201, 409,
    ]);
    expect((await twice('/communities', { name: { ky: 'Эгиз' }, code: 'KG05214000010' })).sort()).toEqual([201, 409]);
    expect((await twice('/communities', { name: { ky: 'Кош-Дөбө' }, rayonId: '41705214000000' })).sort()).toEqual([201, 409]);
  });

  it('refuses a second community of the same name in one rayon, not in another', async () => {
    const add = (name: Record<string, string>, rayonId: string) => server.request('POST', '/communities', { token: seed.admin, body: { name, rayonId } });
    expect((await add({ ky: 'Кара-Суу', ru: 'Кара-Суу', en: 'Kara-Suu' }, '41703225000000')).status).toBe(201);
    const again = await add({ ky: '', ru: 'кара-суу', en: '' }, '41703225000000');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'duplicate_name', field: 'name' });
    expect((await add({ ky: 'Кара-Суу', ru: 'Кара-Суу', en: 'Kara-Suu' }, '41705214000000')).status).toBe(201);
    const list = await server.request('GET', '/communities', { token: seed.admin });
    expect(list.body.communities.filter((c: { name: { ky: string } }) => c.name.ky === 'Кара-Суу')).toHaveLength(2);
  });

  it('disabling a user revokes every token of theirs', async () => {
    const token = await server.login('facilitator-b', 'password-123');
    const patched = await server.request('PATCH', `/users/${seed.ids['facilitator-b']}`, { token: seed.admin, body: { disabled: true } });
    expect(patched.status).toBe(200);
    expect((await server.request('GET', '/me', { token })).status).toBe(401);
    expect((await server.request('POST', '/auth/login', { body: { username: 'facilitator-b', password: 'password-123' } })).status).toBe(401);
  });

  it('answers errors in the agreed shape: 400, 401, 404, 413, 415', async () => {
    const notJson = await server.request('POST', '/sync', { token: seed.tokens['staff-a'], raw: '{not json', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('bad_request');
    const wrongType = await server.request('POST', '/sync', { token: seed.tokens['staff-a'], raw: 'hello', headers: { 'content-type': 'text/xml' } });
    expect(wrongType.status).toBe(415);
    expect((await server.request('POST', '/sync', { body: { clientId: 'abcdefgh', cursor: null, changes: [] } })).status).toBe(401);
    expect((await server.request('GET', '/nothing-here')).status).toBe(404);
    const huge = await server.request('POST', '/sync', {
      token: seed.tokens['staff-a'],
      raw: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('too_large');
  });
});

describe('sync', () => {
  it('applies a change once however often it is sent: a repeat after a later edit leaves that edit, the seq and updatedAt as they were', async () => {
    // A phone whose clock runs ten minutes fast: the server re-stamps its change with its own clock
    // and puts its own time in updatedAt. Applied again, the change would be stamped again, after
    // the later edit, and undo it: only the record of its id applied keeps the repeat harmless.
    const fastMs = Date.now() + 10 * 60_000;
    const change = {
      ...newAsset(seed.communities.a, { updatedAt: new Date(fastMs).toISOString() }),
      hlc: encodeHlc({ wallMs: fastMs, counter: 0, node: 'fast' }),
    };
    expect((await sync(seed.tokens['volunteer-a']!, [change])).body.acked).toEqual([change.id]);
    const restamped = decodeHlc((await server.storage.getDoc('assets', change.docId))!.versions.name!)!;
    expect(restamped.wallMs).toBeLessThan(fastMs);
    const later = {
      id: newId(),
      collection: 'assets',
      docId: change.docId,
      hlc: encodeHlc({ wallMs: restamped.wallMs + 1, counter: 0, node: 'later' }),
      set: { name: 'Жогорку булак', updatedAt: new Date(restamped.wallMs + 1).toISOString() },
    };
    expect((await sync(seed.tokens['staff-a']!, [later])).body.acked).toEqual([later.id]);
    const before = (await server.storage.getDoc('assets', change.docId))!;

    for (let i = 0; i < 3; i += 1) {
      const response = await sync(seed.tokens['volunteer-a']!, [change]);
      expect(response.status).toBe(200);
      expect(response.body.acked).toEqual([change.id]);
    }
    const doc = (await server.storage.getDoc('assets', change.docId))!;
    expect(doc.fields).toMatchObject({ name: 'Жогорку булак', updatedAt: later.set.updatedAt, createdBy: seed.ids['volunteer-a'] });
    expect({ seq: doc.seq, versions: doc.versions }).toEqual({ seq: before.seq, versions: before.versions });
    const same = (await sync(seed.tokens['staff-a']!, [])).body.docs.filter((d: { docId: string }) => d.docId === change.docId);
    expect(same).toHaveLength(1);
  });

  it('rejects one bad change with a reason and applies the others', async () => {
    const good = newAsset(seed.communities.a);
    const badCategory = newAsset(seed.communities.a, { category: 'spaceship' });
    const badLatitude = newAsset(seed.communities.a, { location: { lat: 91, lng: 70 } });
    const unknownField = newAsset(seed.communities.a, { colour: 'red' });
    const response = await sync(seed.tokens['staff-a']!, [badCategory, good, badLatitude, unknownField, { nonsense: true }]);
    expect(response.status).toBe(200);
    expect(response.body.acked).toEqual([good.id]);
    expect(response.body.rejected.map((r: { id: string; code: string }) => [r.id, r.code])).toEqual([
      [badCategory.id, 'not_in_list'],
      [badLatitude.id, 'out_of_range'],
      [unknownField.id, 'unknown_field'],
      ['', 'bad_change'],
    ]);
    expect(await server.storage.getDoc('assets', badCategory.docId)).toBeNull();
  });

  it('accepts gzip-compressed request bodies and compresses large responses', async () => {
    const changes = Array.from({ length: 40 }, () => newAsset(seed.communities.a, { description: 'Айылдын суу түтүгү '.repeat(20) }));
    const body = gzipSync(JSON.stringify({ clientId: 'client-test-gz', cursor: null, changes }));
    const response = await fetch(`${server.url}/api/v1/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seed.tokens['staff-a']}`, 'content-type': 'application/json', 'content-encoding': 'gzip', 'accept-encoding': 'gzip' },
      body: new Uint8Array(body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(((await response.json()) as { acked: string[] }).acked).toHaveLength(40);
  });

  it('refuses a body that tries prototype pollution as a whole, applying nothing', async () => {
    const change = newAsset(seed.communities.a);
    const body = JSON.stringify({ clientId: 'client-test-1', cursor: null, changes: [change] }).replace('"set":{', '"set":{"__proto__":{"admin":true},');
    const response = await server.request('POST', '/sync', { token: seed.tokens['staff-a'], raw: body, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(await server.storage.getDoc('assets', change.docId)).toBeNull();
  });

  it('keeps each community to its own records, and the server sets createdBy', async () => {
    const mine = newAsset(seed.communities.a, { createdBy: 'someone-else' });
    expect((await sync(seed.tokens['staff-a']!, [mine])).body.acked).toEqual([mine.id]);
    expect((await server.storage.getDoc('assets', mine.docId))!.fields.createdBy).toBe(seed.ids['staff-a']);
    const intoOther = newAsset(seed.communities.b);
    expect((await sync(seed.tokens['staff-a']!, [intoOther])).body.rejected[0].code).toBe('forbidden_community');
    const move = { id: newId(), collection: 'assets', docId: mine.docId, hlc: stamp(), set: { communityId: seed.communities.b } };
    expect((await sync(seed.tokens['staff-a']!, [move])).body.rejected[0].code).toBe('forbidden_community');
    const edit = { id: newId(), collection: 'assets', docId: mine.docId, hlc: stamp(), set: { name: 'Чужой' } };
    expect((await sync(seed.tokens['staff-b']!, [edit])).body.rejected[0].code).toBe('forbidden_community');
    const seenByB = (await sync(seed.tokens['staff-b']!, [])).body.docs.map((d: { docId: string }) => d.docId);
    expect(seenByB).not.toContain(mine.docId);
  });

  it('lets a volunteer edit only their own assets, and never publish', async () => {
    const byStaff = newAsset(seed.communities.a);
    await sync(seed.tokens['staff-a']!, [byStaff]);
    const edit = { id: newId(), collection: 'assets', docId: byStaff.docId, hlc: stamp(), set: { name: 'Мен' } };
    expect((await sync(seed.tokens['volunteer-a']!, [edit])).body.rejected[0].code).toBe('forbidden_record');
    const caseStudy = {
      id: newId(),
      collection: 'caseStudies',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: seed.communities.a, title: 'T', status: 'published', topics: [] },
    };
    expect((await sync(seed.tokens['volunteer-a']!, [caseStudy])).body.rejected[0].code).toBe('forbidden_collection');
  });

  it('shares published case studies with every community, drafts only with their own', async () => {
    const draft = {
      id: newId(),
      collection: 'caseStudies',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: seed.communities.a, title: 'Каралама', status: 'draft', topics: [] },
    };
    const published = {
      id: newId(),
      collection: 'caseStudies',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: seed.communities.a, title: 'Жайыт', status: 'published', topics: ['natural_resource_conflict'] },
    };
    expect((await sync(seed.tokens['staff-a']!, [draft, published])).body.acked).toHaveLength(2);
    const seenByB = (await sync(seed.tokens['volunteer-b']!, [])).body.docs.map((d: { docId: string }) => d.docId);
    expect(seenByB).toContain(published.docId);
    expect(seenByB).not.toContain(draft.docId);
  });

  it('pages the pull with a cursor, each document once in its merged state', async () => {
    const communityId = seed.communities.b;
    const changes = Array.from({ length: 30 }, () => newAsset(communityId));
    await sync(seed.tokens['staff-b']!, changes);
    const again = changes.map((c) => ({ id: newId(), collection: 'assets', docId: c.docId, hlc: stamp(), set: { description: 'жаңы' } }));
    await sync(seed.tokens['staff-b']!, again);
    let cursor: string | null = null;
    const seen: string[] = [];
    for (let page = 0; page < 10; page += 1) {
      const response: { body: { docs: { docId: string; fields: { description: string } }[]; cursor: string; more: boolean } } = await sync(
        seed.tokens['coordinator-b']!,
        [],
        cursor,
      );
      seen.push(...response.body.docs.map((d) => d.docId));
      for (const doc of response.body.docs.filter((d) => changes.some((c) => c.docId === d.docId))) expect(doc.fields.description).toBe('жаңы');
      cursor = response.body.cursor;
      if (!response.body.more) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const change of changes) expect(seen).toContain(change.docId);
  });

  it('keeps each pulled page under a megabyte of records, however long they are', async () => {
    const token = seed.tokens['coordinator-b']!;
    type Page = { body: { docs: { docId: string }[]; cursor: string; more: boolean } };
    let cursor: string | null = null;
    for (;;) {
      const response: Page = await sync(token, [], cursor);
      cursor = response.body.cursor;
      if (!response.body.more) break;
    }
    // 60 assets of about 24 KB each (Cyrillic text at every field's limit): about 1.4 MB in all.
    const long = (length: number) => 'Жайыт'.repeat(Math.ceil(length / 5)).slice(0, length);
    const changes = Array.from({ length: 60 }, () => newAsset(seed.communities.b, { description: long(5000), dispute: long(5000), access: long(2000) }));
    for (let start = 0; start < changes.length; start += 20) expect((await sync(seed.tokens['staff-b']!, changes.slice(start, start + 20))).status).toBe(200);
    const seen: string[] = [];
    let pages = 0;
    for (;;) {
      const response: Page = await sync(token, [], cursor);
      pages += 1;
      expect(Buffer.byteLength(JSON.stringify(response.body.docs))).toBeLessThanOrEqual(1024 * 1024);
      seen.push(...response.body.docs.map((doc) => doc.docId));
      cursor = response.body.cursor;
      if (!response.body.more) break;
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(changes.map((change) => change.docId).sort());
  });

  it('does not let a clock a year fast win forever', async () => {
    const asset = newAsset(seed.communities.a);
    await sync(seed.tokens['staff-a']!, [asset]);
    const yearAhead = encodeHlc({ wallMs: Date.now() + 365 * 24 * 3600 * 1000, counter: 0, node: 'fast' });
    await sync(seed.tokens['staff-a']!, [{ id: newId(), collection: 'assets', docId: asset.docId, hlc: yearAhead, set: { name: 'Fast phone' } }]);
    await sync(seed.tokens['staff-a']!, [{ id: newId(), collection: 'assets', docId: asset.docId, hlc: stamp(), set: { name: 'Later edit' } }]);
    expect((await server.storage.getDoc('assets', asset.docId))!.fields.name).toBe('Later edit');
  });
});

describe('sharing, withdrawal and what the server owns', () => {
  const caseStudy = (communityId: string, set: Record<string, unknown> = {}) => ({
    id: newId(),
    collection: 'caseStudies',
    docId: newId(),
    hlc: stamp(),
    set: { communityId, title: 'Жайыт келишими', status: 'published', topics: ['natural_resource_conflict'], ...set },
  });
  const pullAll = async (token: string, cursor: string | null = null) => {
    const docs: { docId: string; fields: Record<string, unknown>; withdrawn?: boolean }[] = [];
    for (;;) {
      const response = await sync(token, [], cursor);
      docs.push(...response.body.docs);
      cursor = response.body.cursor;
      if (!response.body.more) return { docs, cursor };
    }
  };

  it('withdraws an unpublished case study from other communities on their next sync', async () => {
    const published = caseStudy(seed.communities.a);
    await sync(seed.tokens['staff-a']!, [published]);
    const before = await pullAll(seed.tokens['volunteer-b']!);
    expect(before.docs.find((d) => d.docId === published.docId)?.fields.title).toBe('Жайыт келишими');
    const unpublish = { id: newId(), collection: 'caseStudies', docId: published.docId, hlc: stamp(), set: { status: 'draft' } };
    expect((await sync(seed.tokens['staff-a']!, [unpublish])).body.acked).toEqual([unpublish.id]);
    const after = await pullAll(seed.tokens['volunteer-b']!, before.cursor);
    expect(after.docs.find((d) => d.docId === published.docId)).toEqual({
      collection: 'caseStudies',
      docId: published.docId,
      fields: {},
      versions: {},
      deleted: false,
      withdrawn: true,
    });
    // A fresh phone of B never sees its text either; A's own phones keep it as a draft.
    const fresh = await pullAll(seed.tokens['volunteer-b']!);
    expect(fresh.docs.find((d) => d.docId === published.docId)?.withdrawn).toBe(true);
    expect(JSON.stringify(fresh.docs)).not.toContain('Жайыт келишими');
    const own = await pullAll(seed.tokens['volunteer-a']!);
    expect(own.docs.find((d) => d.docId === published.docId)?.fields.status).toBe('draft');
  });

  it('copies the community name and rayon onto case studies itself, ignoring what a phone claims', async () => {
    const admin = seed.admin;
    const placed = await server.request('POST', '/communities', {
      token: admin,
      body: { name: { ky: 'Көк-Таш', ru: 'Кок-Таш', en: 'Kok-Tash' }, rayonId: '41705214000000' },
    });
    const staff = await server.request('POST', '/users', {
      token: admin,
      body: { username: 'staff-kt', password: 'password-123', displayName: 'S', role: 'staff', communityIds: [placed.body.id] },
    });
    expect(staff.status).toBe(201);
    const token = await server.login('staff-kt', 'password-123');
    const claimed = caseStudy(placed.body.id, { communityName: { ky: 'Бишкек', ru: 'Бишкек', en: 'Bishkek' }, rayonCode: '41711000000000' });
    expect((await sync(token, [claimed])).body.acked).toEqual([claimed.id]);
    const stored = (await server.storage.getDoc('caseStudies', claimed.docId))!;
    expect(stored.fields.communityName).toEqual({ ky: 'Көк-Таш', ru: 'Кок-Таш', en: 'Kok-Tash' });
    expect(stored.fields.rayonCode).toBe('41705214000000');
  });

  it('lets every community read who applied a case study, and staff record it', async () => {
    const published = caseStudy(seed.communities.a);
    await sync(seed.tokens['staff-a']!, [published]);
    const application = {
      id: newId(),
      collection: 'applications',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: seed.communities.b, caseStudyId: published.docId, date: '2026-05-10', outcome: 'worked', changes: 'Жайыт комитети түзүлдү' },
    };
    expect((await sync(seed.tokens['volunteer-b']!, [application])).body.rejected[0].code).toBe('forbidden_collection');
    expect((await sync(seed.tokens['staff-b']!, [application])).body.acked).toEqual([application.id]);
    const seenByA = await pullAll(seed.tokens['volunteer-a']!);
    expect(seenByA.docs.find((d) => d.docId === application.docId)?.fields).toMatchObject({ caseStudyId: published.docId, outcome: 'worked' });
  });

  it('does not send a pushed record back to the phone that already holds it', async () => {
    const token = seed.tokens['staff-a']!;
    const { cursor } = await pullAll(token);
    const known = newAsset(seed.communities.a, { createdBy: seed.ids['staff-a'] });
    const first = await sync(token, [known], cursor);
    expect(first.body.acked).toEqual([known.id]);
    expect(first.body.docs.map((d: { docId: string }) => d.docId)).not.toContain(known.docId);

    // The server changed what the phone sent (createdBy, a clock it did not believe): sent back.
    const unknownAuthor = newAsset(seed.communities.a);
    const fast = {
      ...newAsset(seed.communities.a, { createdBy: seed.ids['staff-a'] }),
      hlc: encodeHlc({ wallMs: Date.now() + 3600_000, counter: 0, node: 'fast' }),
    };
    const second = await sync(token, [unknownAuthor, fast], first.body.cursor);
    expect(second.body.docs.map((d: { docId: string }) => d.docId).sort()).toEqual([unknownAuthor.docId, fast.docId].sort());

    // Someone else changed the record after this phone's cursor: the merged state comes back.
    const other = { id: newId(), collection: 'assets', docId: known.docId, hlc: stamp(), set: { description: 'башка' } };
    await sync(seed.tokens['coordinator-a']!, [other]);
    const mine = { id: newId(), collection: 'assets', docId: known.docId, hlc: stamp(), set: { name: 'Жаңы ат' } };
    const third = await sync(token, [mine], second.body.cursor);
    expect(third.body.docs.find((d: { docId: string }) => d.docId === known.docId)?.fields).toMatchObject({ name: 'Жаңы ат', description: 'башка' });
  });

  it('checks attachments: hash, type, size and a thumbnail that is only an image', async () => {
    const photo = { hash: 'a'.repeat(64), mime: 'image/webp', size: 1234, width: 1600, height: 1200, thumb: 'data:image/webp;base64,UklGRg==' };
    const good = newAsset(seed.communities.a, { photos: [photo] });
    const script = newAsset(seed.communities.a, { photos: [{ ...photo, thumb: 'javascript:alert(1)' }] });
    const html = newAsset(seed.communities.a, { photos: [{ ...photo, mime: 'text/html' }] });
    const response = await sync(seed.tokens['staff-a']!, [good, script, html]);
    expect(response.body.acked).toEqual([good.id]);
    expect(response.body.rejected.map((r: { code: string }) => r.code)).toEqual(['not_thumbnail', 'not_in_list']);
  });
});

describe('blobs', () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a tiny fake jpeg body')]);
  const hash = createHash('sha256').update(jpeg).digest('hex');

  it('stores by hash, answers 201 then 200, and serves it back with nosniff', async () => {
    const token = seed.tokens['volunteer-a']!;
    const put = (body: Buffer, h = hash, type = 'image/jpeg') =>
      server.request('PUT', `/blobs/${h}`, { token, raw: new Uint8Array(body), headers: { 'content-type': type } });
    expect((await put(jpeg)).status).toBe(201);
    expect((await put(jpeg)).status).toBe(200);
    const got = await fetch(`${server.url}/api/v1/blobs/${hash}`, { headers: { authorization: `Bearer ${token}` } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(jpeg)).toBe(true);
    const head = await fetch(`${server.url}/api/v1/blobs/${hash}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(head.status).toBe(200);

    expect((await put(jpeg, '0'.repeat(64))).status).toBe(422);
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect((await put(html, createHash('sha256').update(html).digest('hex'))).status).toBe(415);
    expect((await put(jpeg, hash, 'text/html')).status).toBe(415);
    expect((await server.request('GET', '/blobs/..%2F..%2Fetc%2Fpasswd', { token })).status).toBe(400);
    expect((await server.request('GET', `/blobs/${hash}`)).status).toBe(401);
  });
});

describe('the daily upload limit', () => {
  let limited: TestServer;
  let clock = Date.parse('2026-11-20T08:00:00.000Z');
  let token: string;
  const file = (seed: number) => {
    const bytes = Buffer.alloc(40 * 1024, seed);
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    return bytes;
  };
  const put = (body: Buffer, as = token) =>
    limited.request('PUT', `/blobs/${createHash('sha256').update(body).digest('hex')}`, {
      token: as,
      raw: new Uint8Array(body),
      headers: { 'content-type': 'image/jpeg' },
    });
  beforeAll(async () => {
    limited = await startServer({ now: () => clock, uploadBytesPerDay: 100 * 1024 });
    const admin = await limited.login('admin', ADMIN_PASSWORD);
    for (const username of ['busy', 'other', 'burst']) {
      await limited.request('POST', '/users', {
        token: admin,
        body: { username, password: 'password-123', displayName: username, role: 'volunteer', communityIds: [] },
      });
    }
    token = await limited.login('busy', 'password-123');
  });
  afterAll(async () => {
    await limited.close();
  });

  it("refuses a user's files past the day's bytes with 429 and when to try again, stores nothing, and takes them a day later", async () => {
    expect((await put(file(1))).status).toBe(201);
    clock += 60 * 60 * 1000;
    expect((await put(file(2))).status).toBe(201);
    const refused = await put(file(3));
    expect(refused.status).toBe(429);
    expect((refused.body as { error: { code: string } }).error.code).toBe('upload_limit');
    // The first file of the day ages out in 23 hours.
    expect(Number(refused.headers.get('retry-after'))).toBe(23 * 60 * 60);
    const hash3 = createHash('sha256').update(file(3)).digest('hex');
    expect((await limited.request('GET', `/blobs/${hash3}`, { token })).status).toBe(404);
    // Sending again what was already sent costs nothing; another user has a day of their own.
    expect((await put(file(1))).status).toBe(200);
    expect((await put(file(3), await limited.login('other', 'password-123'))).status).toBe(201);

    clock += 23 * 60 * 60 * 1000;
    expect((await put(file(4))).status).toBe(201);
  });

  it('lets through at once only the files the day has room for: uploads sent together cannot all pass the check', async () => {
    const burst = await limited.login('burst', 'password-123');
    // A slow database: a read of the day's count outside a transaction is held until three such
    // reads wait, so three uploads would see the same count (the route must read it in one).
    const storage = limited.storage as { uploadedSince: typeof limited.storage.uploadedSince };
    const real = storage.uploadedSince;
    let held: (() => void)[] = [];
    storage.uploadedSince = (...args) =>
      new Promise((resolve, reject) => {
        held.push(() => real(...args).then(resolve, reject));
        if (held.length < 3) return;
        for (const release of held) release();
        held = [];
      });
    let statuses: number[];
    try {
      statuses = await Promise.all([11, 12, 13, 14, 15, 16].map(async (seed) => (await put(file(seed), burst)).status));
    } finally {
      storage.uploadedSince = real;
    }
    // 100 KB a day, 40 KB each: two.
    expect(statuses.filter((status) => status === 201)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
  });
});

describe('configuration', () => {
  it('tells phones the online map tiles, and allows only that origin in the security policy', async () => {
    const response = await server.request('GET', '/config');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', tileAttribution: '© OpenStreetMap contributors' });
    const { contentSecurityPolicy } = await import('../../server/app');
    expect(contentSecurityPolicy('https://tiles.example.org/{z}/{x}/{y}.png')).toContain("img-src 'self' data: blob: https://tiles.example.org;");
    expect(contentSecurityPolicy('')).toContain("img-src 'self' data: blob:;");
    expect(contentSecurityPolicy('')).toContain("script-src 'self';");
  });
});

describe('participants and follow-up actions', () => {
  it('are records of their own: facilitators of the community add them, others neither write nor read them', async () => {
    const workshopId = newId();
    const workshop = {
      id: newId(),
      collection: 'workshops',
      docId: workshopId,
      hlc: stamp(),
      set: { communityId: seed.communities.a, title: 'Тажрыйба алмашуу', type: 'exchange_visit', startDate: '2026-11-20' },
    };
    const participant = (name: string) => ({
      id: newId(),
      collection: 'participants',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: seed.communities.a, workshopId, name, gender: 'female', role: 'finance_officer' },
    });
    const action = {
      id: newId(),
      collection: 'actions',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: seed.communities.a, workshopId, action: 'Бюджеттик угуу өткөрүү', status: 'open', dueDate: '2026-12-01' },
    };
    // Two facilitators' phones, each adding its own people.
    expect((await sync(seed.tokens['facilitator-a']!, [workshop, participant('Айгүл'), action])).body.rejected).toEqual([]);
    expect((await sync(seed.tokens['staff-a']!, [participant('Нурбек')])).body.rejected).toEqual([]);
    expect((await sync(seed.tokens['volunteer-a']!, [participant('Болот')])).body.rejected[0].code).toBe('forbidden_collection');
    expect((await sync(seed.tokens['staff-b']!, [participant('Башка')])).body.rejected[0].code).toBe('forbidden_community');
    // An event of another community, or none at all, cannot be given participants or actions.
    const workshopB = {
      id: newId(),
      collection: 'workshops',
      docId: newId(),
      hlc: stamp(),
      set: { communityId: seed.communities.b, title: 'Башка', type: 'seminar', startDate: '2026-11-20' },
    };
    expect((await sync(seed.tokens['staff-b']!, [workshopB])).body.rejected).toEqual([]);
    const intoOther = { ...participant('Чет'), set: { ...participant('Чет').set, workshopId: workshopB.docId } };
    expect((await sync(seed.tokens['facilitator-a']!, [intoOther])).body.rejected[0].code).toBe('workshop_mismatch');
    const intoNothing = { ...action, id: newId(), docId: newId(), set: { ...action.set, workshopId: newId() } };
    expect((await sync(seed.tokens['facilitator-a']!, [intoNothing])).body.rejected[0].code).toBe('workshop_mismatch');
    const badRole = { ...participant('Жок'), set: { ...participant('Жок').set, role: 'king' } };
    expect((await sync(seed.tokens['facilitator-a']!, [badRole])).body.rejected[0].code).toBe('not_in_list');

    const pulled = async (token: string) => {
      const names: unknown[] = [];
      let cursor: string | null = null;
      for (;;) {
        const response: { body: { docs: { collection: string; fields: Record<string, unknown> }[]; cursor: string; more: boolean } } = await sync(
          token,
          [],
          cursor,
        );
        names.push(
          ...response.body.docs
            .filter((doc) => doc.collection === 'participants' || doc.collection === 'actions')
            .map((doc) => doc.fields.name ?? doc.fields.action),
        );
        cursor = response.body.cursor;
        if (!response.body.more) return names;
      }
    };
    expect((await pulled(seed.tokens['volunteer-a']!)).sort()).toEqual(['Айгүл', 'Бюджеттик угуу өткөрүү', 'Нурбек'].sort());
    expect(await pulled(seed.tokens['staff-b']!)).toEqual([]);
  });
});
