// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import { followId, markId } from '../../src/core/practice';
import type { DocState, SyncResponse } from '../../src/core/protocol';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

// Circles of practice on the server: who holds a question or an answer (followers of its circle,
// of its thread, its author, the people asked), who may post, accept, hide and ask an expert, and
// what is refused. Real server, real HTTP.

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let counter = 0;
const stamp = () => encodeHlc({ wallMs: Date.now(), counter: (counter += 1) % 1000, node: 'practice-test' });
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
  // Two finance officers in two communities, and a head of ayil okmotu who follows no finance circle.
  for (const [username, community, position] of [
    ['fin-a', seed.communities.a, 'finance_officer'],
    ['fin-b', seed.communities.b, 'finance_officer'],
    ['head-b', seed.communities.b, 'ao_head'],
  ] as const) {
    const created = await server.request('POST', '/users', {
      token: seed.admin,
      body: { username, password: 'password-123', displayName: username, role: 'staff', communityIds: [community], position },
    });
    expect(created.status).toBe(201);
    expect(created.body.position).toBe(position);
    ids[username] = created.body.id;
    tokens[username] = await server.login(username, 'password-123');
  }
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

const change = (collection: string, docId: string, set: Record<string, unknown>) => ({ id: newId(), collection, docId, hlc: stamp(), set });
const removal = (collection: string, docId: string) => ({ id: newId(), collection, docId, hlc: stamp(), deleted: true });

async function send(token: string, changes: unknown[]): Promise<SyncResponse> {
  const response = await server.request('POST', '/sync', { token, body: { clientId: 'practice-writer', cursor: null, changes } });
  expect(response.status).toBe(200);
  return response.body as SyncResponse;
}

async function push(token: string, changes: unknown[]): Promise<void> {
  expect((await send(token, changes)).rejected).toEqual([]);
}

async function refused(token: string, sent: { id: string }): Promise<string> {
  const body = await send(token, [sent]);
  expect(body.acked).toEqual([]);
  return body.rejected[0]!.code;
}

/** A phone: what it holds after each pull, following withdrawals. */
class Phone {
  cursor: string | null = null;
  held = new Map<string, DocState>();
  constructor(public token: string) {}

  async sync(changes: unknown[] = []): Promise<SyncResponse['rejected']> {
    let rejected: SyncResponse['rejected'] = [];
    for (let round = 0; round < 100; round += 1) {
      const response = await server.request('POST', '/sync', {
        token: this.token,
        body: { clientId: 'practice-phone', cursor: this.cursor, changes: round === 0 ? changes : [] },
      });
      expect(response.status).toBe(200);
      const body = response.body as SyncResponse;
      if (round === 0) rejected = body.rejected;
      for (const doc of body.docs) {
        if (doc.withdrawn) this.held.delete(doc.docId);
        else this.held.set(doc.docId, doc);
      }
      this.cursor = body.cursor;
      if (!body.more) return rejected;
    }
    throw new Error('pull did not finish');
  }

  has(docId: string): boolean {
    return this.held.has(docId);
  }
}

function question(communityId: string, set: Record<string, unknown> = {}) {
  const docId = newId();
  return change('questions', docId, {
    communityId,
    title: 'Салык түшүүлөрүн кантип көбөйтөбүз?',
    text: 'Жер салыгы аз чогулат.',
    circle: 'finance_officer',
    language: 'ky',
    ...set,
  });
}

const answer = (communityId: string, questionId: string, text = 'Бизде мүлк реестрин жаңыладык.') =>
  change('answers', newId(), { communityId, questionId, text });

describe('circles of practice', () => {
  it('a question reaches those who follow its circle, not others, until they follow it; unfollowing takes it away', async () => {
    const asked = question(seed.communities.a);
    await push(tokens['fin-a']!, [asked]);
    const peer = new Phone(tokens['fin-b']!);
    const head = new Phone(tokens['head-b']!);
    await peer.sync();
    await head.sync();
    expect(peer.has(asked.docId)).toBe(true);
    expect(head.has(asked.docId)).toBe(false);
    // Who asked, in what position, from where: written by the server, whatever the phone sent.
    expect(peer.held.get(asked.docId)!.fields).toMatchObject({ authorName: 'fin-a', authorPosition: 'finance_officer', communityName: { ky: 'Ак-Сай' } });

    const reply = answer(seed.communities.b, asked.docId);
    await push(tokens['fin-b']!, [reply]);
    const follow = change('follows', followId(ids['head-b']!, 'circle:finance_officer'), {
      communityId: seed.communities.b,
      target: 'circle:finance_officer',
      following: true,
    });
    expect(await head.sync([follow])).toEqual([]);
    // The whole circle comes with the follow, in the same sync: the question and its answer.
    expect(head.has(asked.docId)).toBe(true);
    expect(head.has(reply.docId)).toBe(true);

    expect(await head.sync([change('follows', follow.docId, { following: false })])).toEqual([]);
    expect(head.has(asked.docId)).toBe(false);
    expect(head.has(reply.docId)).toBe(false);
  });

  it('a thread followed (as asking or answering does) is held with its answers without the circle; one’s own posts always', async () => {
    // The head of ayil okmotu asks in the finance circle, which they do not follow.
    const asked = question(seed.communities.b, { title: 'Бюджеттик угуулар', circle: 'public_finance' });
    const thread = change('follows', followId(ids['head-b']!, `thread:${asked.docId}`), {
      communityId: seed.communities.b,
      target: `thread:${asked.docId}`,
      following: true,
    });
    const head = new Phone(tokens['head-b']!);
    expect(await head.sync([asked, thread])).toEqual([]);
    const reply = answer(seed.communities.a, asked.docId, 'Угууну жекшембиде өткөрөбүз.');
    await push(tokens['fin-a']!, [reply]);
    await head.sync();
    expect(head.has(asked.docId)).toBe(true);
    expect(head.has(reply.docId)).toBe(true);
    // fin-a does not follow public_finance: they hold their own answer, not the question.
    const answerer = new Phone(tokens['fin-a']!);
    await answerer.sync();
    expect(answerer.has(reply.docId)).toBe(true);
    expect(answerer.has(asked.docId)).toBe(false);
  });

  it('the asker or a coordinator accepts an answer of this question; nobody else', async () => {
    const asked = question(seed.communities.a);
    await push(tokens['fin-a']!, [asked]);
    const first = answer(seed.communities.b, asked.docId);
    const second = answer(seed.communities.b, asked.docId, 'Экинчи жооп');
    await push(tokens['fin-b']!, [first, second]);
    expect(await refused(tokens['fin-b']!, change('questions', asked.docId, { acceptedAnswerId: first.docId }))).toBe('forbidden_record');
    const other = question(seed.communities.a);
    await push(tokens['fin-a']!, [other]);
    expect(await refused(tokens['fin-a']!, change('questions', other.docId, { acceptedAnswerId: first.docId }))).toBe('unknown_answer');
    await push(tokens['fin-a']!, [change('questions', asked.docId, { acceptedAnswerId: first.docId })]);
    // As the app sends it: with the time of the edit.
    await push(seed.tokens['coordinator-a']!, [change('questions', asked.docId, { acceptedAnswerId: second.docId, updatedAt: new Date().toISOString() })]);
    expect(await refused(tokens['fin-b']!, change('questions', asked.docId, { updatedAt: new Date().toISOString() }))).toBe('forbidden_record');
    expect((await server.storage.getDoc('questions', asked.docId))!.fields.acceptedAnswerId).toBe(second.docId);
  });

  it('only the author edits or deletes a post', async () => {
    const asked = question(seed.communities.a);
    await push(tokens['fin-a']!, [asked]);
    expect(await refused(tokens['fin-b']!, change('questions', asked.docId, { title: 'Башка аталыш' }))).toBe('forbidden_record');
    expect(await refused(seed.tokens['staff-a']!, change('questions', asked.docId, { text: 'Бир жамааттан, бирок автор эмес' }))).toBe('forbidden_record');
    expect(await refused(tokens['fin-b']!, removal('questions', asked.docId))).toBe('forbidden_record');
    expect(await refused(tokens['fin-a']!, change('questions', asked.docId, { circle: 'ao_head' }))).toBe('forbidden_move');
    await push(tokens['fin-a']!, [change('questions', asked.docId, { title: 'Жер салыгы' }), removal('questions', asked.docId)]);
    expect((await server.storage.getDoc('questions', asked.docId))!.deleted).toBe(true);
  });

  it('a coordinator hides a post with a reason: it leaves every other phone, its author keeps it and reads why', async () => {
    const asked = question(seed.communities.a);
    await push(tokens['fin-a']!, [asked]);
    const reply = answer(seed.communities.b, asked.docId, 'Жарнама: арзан кредит!');
    await push(tokens['fin-b']!, [reply]);
    const asker = new Phone(tokens['fin-a']!);
    const author = new Phone(tokens['fin-b']!);
    await asker.sync();
    await author.sync();
    expect(asker.has(reply.docId)).toBe(true);

    expect(await refused(tokens['fin-a']!, change('answers', reply.docId, { hiddenReason: 'Жарнама' }))).toBe('forbidden_record');
    expect(await refused(tokens['fin-b']!, change('answers', reply.docId, { hiddenReason: '' }))).toBe('forbidden_record');
    await push(seed.tokens['coordinator-b']!, [
      change('answers', reply.docId, { hiddenReason: 'Жарнама, суроого тиешеси жок.', updatedAt: new Date().toISOString() }),
    ]);
    await asker.sync();
    await author.sync();
    expect(asker.has(reply.docId)).toBe(false);
    expect(author.held.get(reply.docId)!.fields.hiddenReason).toBe('Жарнама, суроого тиешеси жок.');

    // A hidden question takes its answers with it from other phones: fin-b keeps only their own.
    const other = answer(seed.communities.a, asked.docId, 'Асктын өзүнүн жообу');
    await push(tokens['fin-a']!, [other]);
    await author.sync();
    expect(author.has(other.docId)).toBe(true);
    await push(seed.tokens['coordinator-a']!, [change('questions', asked.docId, { hiddenReason: 'Кайталанган суроо.' })]);
    await author.sync();
    expect(author.has(asked.docId)).toBe(false);
    expect(author.has(other.docId)).toBe(false);
    expect([...author.held.values()].filter((doc) => doc.fields.questionId === asked.docId).map((doc) => doc.docId)).toEqual([reply.docId]);
  });

  it('the help desk asks a named person, who then holds the question; others may not ask', async () => {
    const asked = question(seed.communities.a, { circle: 'budget_committee_chair' });
    await push(tokens['fin-a']!, [asked]);
    const expert = new Phone(tokens['head-b']!);
    await expert.sync();
    expect(expert.has(asked.docId)).toBe(false);
    expect(await refused(tokens['fin-b']!, change('questions', asked.docId, { askedOf: [ids['head-b']] }))).toBe('forbidden_record');
    expect(await refused(seed.tokens['facilitator-a']!, change('questions', asked.docId, { askedOf: [newId()] }))).toBe('unknown_user');
    await push(seed.tokens['facilitator-a']!, [change('questions', asked.docId, { askedOf: [ids['head-b']] })]);
    await expert.sync();
    expect(expert.held.get(asked.docId)!.fields.askedOf).toEqual([ids['head-b']]);
  });

  it('the help desk reads every circle and the list of people to ask; nobody else reads that list', async () => {
    const elsewhere = question(seed.communities.b, { circle: 'youth_volunteer' });
    await push(tokens['fin-b']!, [elsewhere]);
    const desk = new Phone(seed.tokens['facilitator-a']!);
    await desk.sync();
    expect(desk.has(elsewhere.docId)).toBe(true);

    const people = await server.request('GET', '/people', { token: seed.tokens['facilitator-a']! });
    expect(people.status).toBe(200);
    const headB = (people.body.people as Record<string, unknown>[]).find((person) => person.id === ids['head-b']);
    // A name, a position, communities and whether they may mentor a learning team: nothing that
    // signs in (no user name, no role, no hash).
    expect(headB).toEqual({ id: ids['head-b'], displayName: 'head-b', position: 'ao_head', communityIds: [seed.communities.b], mayMentor: false });
    const mentors = (people.body.people as { id: string; mayMentor: boolean }[]).filter((person) => person.mayMentor).map((person) => person.id);
    expect(mentors).toContain(seed.ids['facilitator-a']);
    expect(mentors).not.toContain(ids['fin-a']);
    expect((await server.request('GET', '/people', { token: seed.tokens['coordinator-a']! })).status).toBe(200);
    for (const token of [tokens['fin-a']!, seed.tokens['volunteer-a']!]) {
      expect((await server.request('GET', '/people', { token })).status).toBe(403);
    }
    expect((await server.request('GET', '/people', {})).status).toBe(401);
    // A disabled account is not offered.
    await server.request('PATCH', `/users/${ids['head-b']}`, { token: seed.admin, body: { disabled: true } });
    const after = await server.request('GET', '/people', { token: seed.tokens['facilitator-a']! });
    expect((after.body.people as { id: string }[]).some((person) => person.id === ids['head-b'])).toBe(false);
    await server.request('PATCH', `/users/${ids['head-b']}`, { token: seed.admin, body: { disabled: false } });
    tokens['head-b'] = await server.login('head-b', 'password-123');
  });

  it('helpful marks: one per person per answer, by an id from both, so two phones of one person make one mark', async () => {
    const asked = question(seed.communities.a);
    await push(tokens['fin-a']!, [asked]);
    const reply = answer(seed.communities.b, asked.docId);
    await push(tokens['fin-b']!, [reply]);
    const mark = (user: string, community: string) =>
      change('marks', markId(reply.docId, ids[user] ?? seed.ids[user]!), {
        communityId: community,
        answerId: reply.docId,
        questionId: asked.docId,
        helpful: true,
      });
    // Two phones of fin-a mark offline: the same record, applied twice, one mark.
    await push(tokens['fin-a']!, [mark('fin-a', seed.communities.a)]);
    await push(tokens['fin-a']!, [mark('fin-a', seed.communities.a)]);
    await push(seed.tokens['staff-a']!, [mark('staff-a', seed.communities.a)]);
    // Nobody writes a mark in another's name.
    expect(await refused(tokens['fin-b']!, mark('fin-a', seed.communities.b))).toBe('forbidden_record');
    // A mark names an answer of its question.
    const elsewhere = question(seed.communities.a);
    await push(tokens['fin-a']!, [elsewhere]);
    const wrong = change('marks', markId(reply.docId, ids['fin-b']!), {
      communityId: seed.communities.b,
      answerId: reply.docId,
      questionId: elsewhere.docId,
      helpful: true,
    });
    expect(await refused(tokens['fin-b']!, wrong)).toBe('unknown_answer');
    const peer = new Phone(tokens['fin-b']!);
    await peer.sync();
    const marks = [...peer.held.values()].filter((doc) => doc.collection === 'marks' && doc.fields.answerId === reply.docId);
    expect(marks).toHaveLength(2);
  });

  it('a follow is its author’s own: no one follows in another’s name, and nobody else holds it', async () => {
    const target = 'circle:ao_head';
    expect(
      await refused(tokens['fin-b']!, change('follows', followId(ids['fin-a']!, target), { communityId: seed.communities.b, target, following: true })),
    ).toBe('forbidden_record');
    const own = change('follows', followId(ids['fin-b']!, target), { communityId: seed.communities.b, target, following: true });
    await push(tokens['fin-b']!, [own]);
    const colleague = new Phone(tokens['head-b']!);
    await colleague.sync();
    expect(colleague.has(own.docId)).toBe(false);
  });

  it('refuses bad input to every new field, naming it, and stores nothing', async () => {
    const a = seed.communities.a;
    const asked = question(a);
    await push(tokens['fin-a']!, [asked]);
    const cases: [string, ReturnType<typeof change>, string][] = [
      ['empty title', question(a, { title: '' }), 'required'],
      ['title too long', question(a, { title: 'я'.repeat(201) }), 'too_long'],
      ['text too long', question(a, { text: 'я'.repeat(10_001) }), 'too_long'],
      ['circle not in the list', question(a, { circle: 'mayors' }), 'not_in_list'],
      ['language not in the list', question(a, { language: 'de' }), 'not_in_list'],
      ['topic not in the list', question(a, { topics: ['weather'] }), 'not_in_list'],
      [
        'six files',
        question(a, { attachments: Array.from({ length: 6 }, (_, n) => ({ hash: String(n).repeat(64), mime: 'image/jpeg', size: 10 })) }),
        'too_many',
      ],
      ['asked of a non-id', question(a, { askedOf: ['boss'] }), 'not_uuid'],
      ['reason too long', question(a, { hiddenReason: 'я'.repeat(501) }), 'too_long'],
      ['answer without text', answer(a, asked.docId, ''), 'required'],
      [
        'case study from a non-id',
        change('caseStudies', newId(), { communityId: a, title: 'T', status: 'draft', topics: [], fromQuestionId: 'q-1' }),
        'not_uuid',
      ],
      ['answer to no question', answer(a, newId()), 'unknown_question'],
      ['follow of nothing', change('follows', followId(ids['fin-a']!, 'everything'), { communityId: a, target: 'everything', following: true }), 'not_in_list'],
      [
        'following as text',
        change('follows', followId(ids['fin-a']!, 'circle:specialist'), { communityId: a, target: 'circle:specialist', following: 'yes' }),
        'bad_value',
      ],
    ];
    for (const [what, sent, code] of cases) {
      const body = await send(tokens['fin-a']!, [sent]);
      expect(
        body.rejected.map((rejection) => rejection.code),
        what,
      ).toEqual([code]);
      expect(await server.storage.getDoc(sent.collection as 'questions', sent.docId), what).toBeNull();
    }
  });
});
