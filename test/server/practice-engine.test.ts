// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsharDb } from '../../src/db/database';
import { acceptAnswer, answerQuestion, askQuestion, followCircle, isFollowing, questionsOf, readThread, setHelpful } from '../../src/db/practice';
import { signIn } from '../../src/sync/account';
import { syncNow } from '../../src/sync/engine';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';

// Questions, answers and helpful marks made offline on phones (Dexie on fake-indexeddb, the app's
// own data layer and sync engine) and exchanged through the real server over real HTTP.

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let fetcher: typeof fetch;
let n = 0;

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
  fetcher = ((path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init)) as typeof fetch;
  for (const [username, community, position] of [
    ['aida', seed.communities.a, 'finance_officer'],
    ['bolot', seed.communities.b, 'finance_officer'],
    ['chynara', seed.communities.b, 'ao_head'],
  ] as const) {
    const created = await server.request('POST', '/users', {
      token: seed.admin,
      body: { username, password: 'password-123', displayName: username, role: 'staff', communityIds: [community], position },
    });
    expect(created.status).toBe(201);
  }
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

async function phoneOf(username: string): Promise<AsharDb> {
  n += 1;
  const phone = new AsharDb(`practice-engine-${n}`);
  await phone.open();
  await signIn(phone, username, 'password-123', `${username}'s phone`, fetcher);
  expect(await syncNow(phone, { fetcher })).toBe('done');
  return phone;
}

const sync = async (phone: AsharDb) => expect(await syncNow(phone, { fetcher })).toBe('done');

describe('circles of practice on phones', () => {
  it('asked offline, answered elsewhere, marked helpful on two phones, accepted; a third phone holds it only once following', async () => {
    const aida = await phoneOf('aida');
    const bolot = await phoneOf('bolot');
    const bolotsTablet = await phoneOf('bolot');
    const chynara = await phoneOf('chynara');

    // Offline: nothing is sent until sync.
    const questionId = await askQuestion(aida, seed.communities.a, {
      title: 'Жер салыгын кантип чогултабыз?',
      text: 'Төлөөчүлөр аз.',
      circle: 'finance_officer',
      language: 'ky',
    });
    expect(await aida.outbox.count()).toBe(2);
    await sync(aida);

    await sync(bolot);
    expect((await questionsOf(bolot, 'finance_officer')).questions.map((q) => q.id)).toContain(questionId);
    const answerId = await answerQuestion(bolot, seed.communities.b, questionId, 'Мүлк реестрин жаңыртып, SMS эскертүү жибердик.');
    await sync(bolot);

    // Marked helpful on two phones of two people, and twice by one person on two devices: two marks.
    await sync(aida);
    await sync(bolotsTablet);
    const thread = (await readThread(aida, questionId))!;
    const answer = thread.answers[0]!.answer;
    await setHelpful(aida, seed.communities.a, answer, true);
    await setHelpful(bolot, seed.communities.b, answer, true);
    await setHelpful(bolotsTablet, seed.communities.b, answer, true);
    await acceptAnswer(aida, questionId, answerId);
    for (const phone of [aida, bolot, bolotsTablet, aida, bolot]) await sync(phone);
    const seen = (await readThread(bolot, questionId))!;
    expect(seen.question.acceptedAnswerId).toBe(answerId);
    expect(seen.answers.map((entry) => [entry.answer.id, entry.helpful, entry.markedByMe])).toEqual([[answerId, 2, true]]);

    // Taken back on one phone, marked again on the other: the person's one mark says what was done last.
    await setHelpful(bolotsTablet, seed.communities.b, answer, false);
    await sync(bolotsTablet);
    await sync(aida);
    expect((await readThread(aida, questionId))!.answers[0]!.helpful).toBe(1);

    // Chynara (head of ayil okmotu) does not follow the finance circle: not on her phone until she does.
    await sync(chynara);
    expect(await readThread(chynara, questionId)).toBeUndefined();
    expect(await isFollowing(chynara, 'circle:finance_officer', 'ao_head')).toBe(false);
    await followCircle(chynara, seed.communities.b, 'finance_officer', true);
    await sync(chynara);
    expect((await readThread(chynara, questionId))!.answers.map((entry) => entry.helpful)).toEqual([1]);
    await followCircle(chynara, seed.communities.b, 'finance_officer', false);
    await sync(chynara);
    expect(await readThread(chynara, questionId)).toBeUndefined();
    expect(await chynara.answers.count()).toBe(0);
  });
});
