import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseStudyFromThread } from '../../../src/core/practice';
import { AsharDb } from '../../../src/db/database';
import { writeDoc } from '../../../src/db/docs';
import { setMeta } from '../../../src/db/meta';
import { acceptedThread, askedOfMe, askToAnswer, editAnswer, questionsOf, threadsLinking } from '../../../src/db/practice';

let db: AsharDb;
let counter = 0;
const ME = 'user-me';

beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`practice-desk-${counter}`);
  await db.open();
  await setMeta(db, 'session', { token: 't', expired: false, user: { id: ME, username: 'me', displayName: 'Me', role: 'staff', communityIds: ['c'] } });
});
afterEach(async () => {
  await db.delete();
});

async function post(collection: 'questions' | 'answers', id: string, by: string, fields: Record<string, unknown>, createdAt: string) {
  await writeDoc(db, collection, id, { communityId: 'c', ...fields });
  await db.docs(collection).update(id, { createdBy: by, createdAt });
}
const question = (id: string, fields: Record<string, unknown> = {}, createdAt = '2026-12-01T00:00:00.000Z') =>
  post('questions', id, 'asker', { title: `Q ${id}`, text: '', circle: 'finance_officer', language: 'ky', ...fields }, createdAt);

describe('the help desk on the phone', () => {
  it('asks people to answer, keeping those asked before; "asked of you" lists them, oldest first, until answered', async () => {
    await question('q1', {}, '2026-12-02T00:00:00.000Z');
    await question('q2', {}, '2026-12-01T00:00:00.000Z');
    await question('q3');
    expect(await askToAnswer(db, 'q1', [ME])).toBe(true);
    expect(await askToAnswer(db, 'q1', ['expert-2', ME])).toBe(true);
    expect((await db.questions.get('q1'))!.askedOf).toEqual([ME, 'expert-2']);
    await askToAnswer(db, 'q2', [ME]);
    await askToAnswer(db, 'q3', ['someone-else']);
    expect(await askToAnswer(db, 'missing', [ME])).toBe(false);
    // The change is sent: the outbox holds the whole new list.
    expect((await db.outbox.where('docId').equals('q1').last())!.set).toMatchObject({ askedOf: [ME, 'expert-2'] });

    await post('answers', 'peer-answer', 'peer', { questionId: 'q2', text: 'peer' }, '2026-12-03T00:00:00.000Z');
    expect((await askedOfMe(db, ME)).map(({ question, answers }) => [question.id, answers])).toEqual([
      ['q2', 1],
      ['q1', 0],
    ]);
    await post('answers', 'my-answer', ME, { questionId: 'q2', text: 'mine' }, '2026-12-04T00:00:00.000Z');
    expect((await askedOfMe(db, ME)).map(({ question }) => question.id)).toEqual(['q1']);
    await writeDoc(db, 'questions', 'q1', { hiddenReason: 'spam' });
    expect(await askedOfMe(db, ME)).toEqual([]);
  });

  it('changes an answer by its author, sent as a change of its text only', async () => {
    await post('answers', 'a1', ME, { questionId: 'q', text: 'first' }, '2026-12-04T00:00:00.000Z');
    expect(await editAnswer(db, 'a1', 'second')).toBe(true);
    expect((await db.answers.get('a1'))!.text).toBe('second');
    expect((await db.outbox.where('docId').equals('a1').last())!.set).toEqual({ text: 'second', updatedAt: expect.any(String) });
  });
});

describe('from answers to practice', () => {
  it('drafts a case study from a thread: the question as the problem, the accepted answer as what was done, the link kept', async () => {
    await question('q1', { title: 'Жер салыгы', text: 'Чогулбай жатат', topics: ['public_finance'], circle: 'crowdfunding', acceptedAnswerId: 'a2' });
    await post('answers', 'a1', 'peer', { questionId: 'q1', text: 'other' }, '2026-12-02T00:00:00.000Z');
    await post('answers', 'a2', 'peer', { questionId: 'q1', text: 'Үйдөн үйгө кыдырдык' }, '2026-12-03T00:00:00.000Z');
    const thread = (await acceptedThread(db, 'q1'))!;
    expect(thread.accepted!.id).toBe('a2');
    expect(caseStudyFromThread(thread.question, thread.accepted)).toEqual({
      title: 'Жер салыгы',
      topics: ['public_finance', 'crowdfunding'],
      language: 'ky',
      problem: 'Жер салыгы\n\nЧогулбай жатат',
      actions: 'Үйдөн үйгө кыдырдык',
      fromQuestionId: 'q1',
    });
    expect(caseStudyFromThread({ ...thread.question, text: ' ', circle: 'ao_head', topics: [] }, undefined)).toMatchObject({
      problem: 'Жер салыгы',
      actions: '',
      topics: [],
    });
    expect(await acceptedThread(db, 'missing')).toBeNull();
  });

  it('finds the threads that link a case study (any version) or that it grew from, never hidden or deleted ones', async () => {
    await question('links-root', { linkedCaseStudyIds: ['cs-root', 'cs-ru'] }, '2026-12-01T00:00:00.000Z');
    await question('links-translation', { linkedCaseStudyIds: ['other', 'cs-ru'] }, '2026-12-02T00:00:00.000Z');
    await question('origin', {}, '2026-11-01T00:00:00.000Z');
    await question('hidden', { linkedCaseStudyIds: ['cs-root'], hiddenReason: 'x' });
    await question('unrelated', { linkedCaseStudyIds: ['other'] });
    await question('deleted', { linkedCaseStudyIds: ['cs-root'] });
    await db.questions.update('deleted', { _deleted: 1 });
    expect((await threadsLinking(db, ['cs-root', 'cs-ru'], 'origin')).map((question) => question.id)).toEqual(['links-translation', 'links-root', 'origin']);
    expect((await threadsLinking(db, ['nothing'])).map((question) => question.id)).toEqual([]);
  });

  it("reads a circle's newest questions a page at a time, skipping deleted ones waiting to be forgotten", async () => {
    for (let day = 1; day <= 9; day += 1) await question(`q${day}`, {}, `2026-11-0${day}T00:00:00.000Z`);
    await question('other-circle', { circle: 'ao_head' }, '2026-11-30T00:00:00.000Z');
    for (const id of ['q9', 'q8', 'q6']) await db.questions.update(id, { _deleted: 1 });
    const ids = async (limit?: number) => (await questionsOf(db, 'finance_officer', limit)).questions.map((row) => row.id);
    expect(await ids(3)).toEqual(['q7', 'q5', 'q4']);
    expect(await ids(5)).toEqual(['q7', 'q5', 'q4', 'q3', 'q2']);
    expect(await ids(20)).toEqual(['q7', 'q5', 'q4', 'q3', 'q2', 'q1']);
    expect(await ids()).toEqual(['q7', 'q5', 'q4', 'q3', 'q2', 'q1']);
    // The total counts what the index holds, deleted rows until the next sync forgets them.
    expect((await questionsOf(db, 'finance_officer', 3)).total).toBe(9);
  });
});
