import { createHash } from 'node:crypto';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import type { Collection } from '../../src/core/model';
import type { seedAccounts, TestServer } from './harness';
import { openRawDatabase, withoutForeignKeys } from './raw-database';

// The records, users and sign-ins the authorization tests look at, made once through the API.

type Seed = Awaited<ReturnType<typeof seedAccounts>>;
export interface SentChange {
  id: string;
  collection: string;
  docId: string;
  hlc: string;
  set?: Record<string, unknown>;
  deleted?: true;
}

let counter = 0;
export const stamp = () => encodeHlc({ wallMs: Date.now(), counter: (counter += 1) % 1000, node: 'authz' });

export function change(collection: string, docId: string, set?: Record<string, unknown>, deleted = false): SentChange {
  return { id: newId(), collection, docId, hlc: stamp(), ...(deleted ? { deleted: true as const } : { set: set ?? {} }) };
}

/** A small JPEG-signed file whose bytes (and so hash) differ with `label`. */
export function blobOf(label: string): { hash: string; bytes: Uint8Array<ArrayBuffer> } {
  const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(label)]));
  return { hash: createHash('sha256').update(bytes).digest('hex'), bytes };
}

export const attachment = (hash: string) => ({ hash, mime: 'image/jpeg', size: 100 });

/** The collections of a community's records (the circles and the learning teams have tests of their own: practice.test.ts, teams.test.ts). */
export type CommunityCollection = Exclude<Collection, 'questions' | 'answers' | 'marks' | 'follows' | 'teams' | 'plans' | 'rounds' | 'tasks'>;

/** The field each collection's text goes in, to edit it and to find it in what readers get. */
export const TEXT_FIELD: Record<CommunityCollection, string> = {
  assets: 'description',
  caseStudies: 'problem',
  workshops: 'agenda',
  applications: 'notes',
  participants: 'name',
  actions: 'action',
};

export async function pullAll(server: TestServer, token: string) {
  const docs: { collection: string; docId: string; fields: Record<string, unknown>; versions: Record<string, string>; deleted: boolean; withdrawn?: true }[] =
    [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const response: { body: { docs: typeof docs; cursor: string; more: boolean } } = await server.request('POST', '/sync', {
      token,
      body: { clientId: 'authz-reader', cursor, changes: [] },
    });
    docs.push(...response.body.docs);
    cursor = response.body.cursor;
    if (!response.body.more) break;
  }
  return { docs, text: JSON.stringify(docs), cursor };
}

/** The kinds of community A's records a reader of another community is checked against. */
export const READ_KINDS = ['asset', 'draftCaseStudy', 'workshop', 'participant', 'action', 'publishedCaseStudy', 'application', 'withdrawnCaseStudy'] as const;
export type ReadKind = (typeof READ_KINDS)[number];

export interface Fixture {
  /** Records of community A, each with a marker in its text, for the reading tests. */
  docs: Record<ReadKind, { collection: Collection; docId: string; marker: string }>;
  /** Records of community A made by staff-a for the writing tests to change. */
  writeTargets: Record<CommunityCollection, string>;
  /** A valid first change of a new record of `collection` in `communityId`. */
  newDoc: (collection: string, communityId: string) => SentChange;
  /** A valid new asset of community A. */
  freshAsset: () => SentChange;
  /** A file listed by a published case study: every signed-in user may fetch it. */
  publishedBlob: string;
  users: { plain: string; admin: string; promoted: Record<string, string> };
  tokens: { signedOut: string; disabled: string; reenabled: string; deleted: string };
}

export const docsOf = (fixture: Fixture, collection: string) => ({
  docId: fixture.writeTargets[collection as CommunityCollection],
  textField: TEXT_FIELD[collection as CommunityCollection],
});

export async function fixtureChanges(server: TestServer, seed: Seed): Promise<Fixture> {
  const { a, b } = seed.communities;
  const push = async (token: string, changes: SentChange[]) => {
    const response = await server.request('POST', '/sync', { token, body: { clientId: 'authz-setup', cursor: null, changes } });
    if (response.body.rejected?.length) throw new Error(`setup refused: ${JSON.stringify(response.body.rejected)}`);
  };
  const workshops: Record<string, string> = { [a]: newId(), [b]: newId() };
  const publishedId = newId();
  const newDoc = (collection: string, communityId: string): SentChange => {
    const fields: Record<string, Record<string, unknown>> = {
      assets: { name: 'Жаңы булак', category: 'natural' },
      caseStudies: { title: 'Жаңы тажрыйба', status: 'draft' },
      workshops: { title: 'Семинар', type: 'seminar', startDate: '2026-11-20' },
      applications: { caseStudyId: publishedId, date: '2026-05-10', outcome: 'worked' },
      participants: { workshopId: workshops[communityId], name: 'Айгүл' },
      actions: { workshopId: workshops[communityId], action: 'Угуу өткөрүү', status: 'open' },
    };
    return change(collection, newId(), { communityId, ...fields[collection] });
  };
  const withText = (collection: CommunityCollection, communityId: string, marker: string, docId = newId(), extra: Record<string, unknown> = {}) => {
    const first = newDoc(collection, communityId);
    return { ...first, docId, set: { ...first.set, [TEXT_FIELD[collection]]: marker, ...extra } };
  };

  await push(seed.tokens['staff-a']!, [
    withText('workshops', a, 'setup', workshops[a]),
    withText('caseStudies', a, 'setup', publishedId, { status: 'published' }),
  ]);
  await push(seed.tokens['staff-b']!, [withText('workshops', b, 'setup', workshops[b])]);
  const kinds: Record<ReadKind, [Collection, Record<string, unknown>?]> = {
    asset: ['assets'],
    draftCaseStudy: ['caseStudies'],
    workshop: ['workshops'],
    participant: ['participants'],
    action: ['actions'],
    publishedCaseStudy: ['caseStudies', { status: 'published' }],
    application: ['applications'],
    withdrawnCaseStudy: ['caseStudies', { status: 'published' }],
  };
  const docs = {} as Fixture['docs'];
  for (const [kind, [collection, extra]] of Object.entries(kinds) as [ReadKind, [CommunityCollection, Record<string, unknown>?]][]) {
    const marker = `marker-${kind}-${newId().slice(0, 8)}`;
    const sent = withText(collection, a, marker, newId(), extra);
    await push(seed.tokens['staff-a']!, [sent]);
    docs[kind] = { collection, docId: sent.docId, marker };
  }
  await push(seed.tokens['staff-a']!, [change('caseStudies', docs.withdrawnCaseStudy.docId, { status: 'draft' })]);

  const writeTargets = {} as Record<CommunityCollection, string>;
  for (const collection of Object.keys(TEXT_FIELD) as CommunityCollection[]) {
    const sent = newDoc(collection, a);
    await push(seed.tokens['staff-a']!, [sent]);
    writeTargets[collection] = sent.docId;
  }

  const file = blobOf('published photo');
  await push(seed.tokens['staff-a']!, [change('caseStudies', publishedId, { attachments: [attachment(file.hash)] })]);
  const put = await server.request('PUT', `/blobs/${file.hash}`, { token: seed.tokens['staff-a'], raw: file.bytes, headers: { 'content-type': 'image/jpeg' } });
  if (put.status !== 201) throw new Error(`setup upload: ${put.status}`);

  const user = async (username: string, role: string) => {
    const created = await server.request('POST', '/users', {
      token: seed.admin,
      body: { username, password: 'password-123', displayName: username, role, communityIds: [a] },
    });
    if (created.status !== 201) throw new Error(`setup user ${username}: ${created.status}`);
    return created.body.id as string;
  };
  const promoted: Record<string, string> = {};
  for (const role of ['anonymous', 'volunteer', 'staff', 'facilitator', 'coordinator', 'admin']) promoted[role] = await user(`promote-${role}`, 'volunteer');

  const signedOut = await server.login('staff-a', 'password-123');
  await server.request('POST', '/auth/logout', { token: signedOut });
  const disabledId = await user('gone-disabled', 'staff');
  const disabled = await server.login('gone-disabled', 'password-123');
  await server.request('PATCH', `/users/${disabledId}`, { token: seed.admin, body: { disabled: true } });
  const reenabledId = await user('gone-reenabled', 'staff');
  const reenabled = await server.login('gone-reenabled', 'password-123');
  await server.request('PATCH', `/users/${reenabledId}`, { token: seed.admin, body: { disabled: true } });
  await server.request('PATCH', `/users/${reenabledId}`, { token: seed.admin, body: { disabled: false } });
  // There is no API to delete a user; an operator might, by hand. The token row stays behind.
  const deletedId = await user('gone-deleted', 'staff');
  const deleted = await server.login('gone-deleted', 'password-123');
  const db = await openRawDatabase(server.dataDir);
  await withoutForeignKeys(db);
  await db.run('DELETE FROM users WHERE id = ?', [deletedId]);
  await db.close();

  return {
    docs,
    writeTargets,
    newDoc,
    freshAsset: () => newDoc('assets', a),
    publishedBlob: file.hash,
    users: { plain: await user('target-plain', 'volunteer'), admin: await user('second-admin', 'admin'), promoted },
    tokens: { signedOut, disabled, reenabled, deleted },
  };
}
