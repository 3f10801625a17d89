import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followsNow, threadTarget } from '../../../src/core/practice';
import { AsharDb } from '../../../src/db/database';
import { writeDoc } from '../../../src/db/docs';
import { markThreadRead, newForYou } from '../../../src/db/practice';

let db: AsharDb;
let counter = 0;
const ME = 'user-me';
const PEER = 'user-peer';

beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`practice-news-${counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

let clock = Date.UTC(2026, 11, 1);
/** A post as it arrives from the server: its author and time set. */
async function post(collection: 'questions' | 'answers', id: string, by: string, fields: Record<string, unknown>) {
  clock += 60_000;
  await writeDoc(db, collection, id, { communityId: 'c', ...fields });
  await db.docs(collection).update(id, { createdBy: by, createdAt: new Date(clock).toISOString(), updatedAt: new Date(clock).toISOString() });
}
const question = (id: string, by: string, circle = 'finance_officer') => post('questions', id, by, { title: `Q ${id}`, text: '', circle, language: 'ky' });
const answer = (id: string, questionId: string, by: string) => post('answers', id, by, { questionId, text: `A ${id}` });

describe('what is new in the circles', () => {
  it('lists questions of others in followed circles and answers of others in my threads, until read; a later answer is new again', async () => {
    // Asking follows one's own thread (askQuestion does): the records say so.
    await writeDoc(db, 'follows', 'follow-mine', { communityId: 'c', target: threadTarget('my-q'), following: true });
    await writeDoc(db, 'follows', 'follow-other', { communityId: 'c', target: threadTarget('followed-q'), following: true });
    const follows = followsNow(new Map([[threadTarget('followed-q'), true]]), 'finance_officer');
    await question('peer-q', PEER);
    await question('other-circle-q', PEER, 'ao_head');
    await question('my-q', ME);
    await question('followed-q', PEER, 'specialist');
    await answer('a1', 'my-q', PEER);
    await answer('a2', 'my-q', ME);
    await answer('a3', 'followed-q', PEER);

    const now = clock + 3_600_000;
    const news = async () => (await newForYou(db, ME, follows, now)).map((entry) => [entry.question.id, entry.newAnswers]);
    expect(await news()).toEqual([
      ['followed-q', 1],
      ['my-q', 1],
      ['peer-q', 0],
    ]);

    await markThreadRead(db, ME, 'my-q');
    await markThreadRead(db, ME, 'peer-q');
    expect(await news()).toEqual([['followed-q', 1]]);
    // Read by me, still new for the next person on a shared phone (whose follows are their own:
    // the previous person's leave the phone at sign-out).
    const mine = await db.follows.toArray();
    await db.follows.clear();
    expect((await newForYou(db, 'user-next', followsNow(new Map(), 'finance_officer'), now)).map((entry) => entry.question.id)).toEqual(['my-q', 'peer-q']);
    // A question asked weeks ago is not new any more, read or not.
    expect((await newForYou(db, 'user-next', followsNow(new Map(), 'finance_officer'), now + 15 * 86_400_000)).map((entry) => entry.question.id)).toEqual([]);

    await db.follows.bulkPut(mine);
    await answer('a4', 'my-q', PEER);
    expect(await news()).toContainEqual(['my-q', 1]);
  });
});
