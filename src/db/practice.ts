import Dexie from 'dexie';
import { newId } from '../core/ids';
import type { Answer, Circle, Question, QuestionFields } from '../core/model';
import { circleTarget, followId, markId, threadTarget } from '../core/practice';
import type { AsharDb, LocalDoc } from './database';
import { deleteDoc, writeDoc, type WriteOptions } from './docs';
import { getMeta, setMeta } from './meta';
import { whereAnyOf } from './query';

// Circles of practice on the phone: asking, answering, marking an answer helpful, accepting one, and
// following circles and threads. Every write is a record with its outbox entry (writeDoc), so all of
// it works offline and is sent when the phone can.

export type QuestionInput = Pick<QuestionFields, 'title' | 'text' | 'circle' | 'language'> & Partial<Pick<QuestionFields, 'topics' | 'linkedCaseStudyIds'>>;

/** The signed-in person: marks and follows are theirs by id, so there is none without a sign-in. */
async function signedInUser(db: AsharDb): Promise<string> {
  const session = await getMeta<{ user?: { id?: string } }>(db, 'session');
  const userId = session?.user?.id;
  if (!userId) throw new Error('Sign in to ask, answer, mark or follow.');
  return userId;
}

const practiceTables = (db: AsharDb) => [db.questions, db.answers, db.follows, db.outbox, db.meta, db.drafts];

/** Asks a question; the asker follows its thread, so its answers come to their phone. */
export async function askQuestion(db: AsharDb, communityId: string, input: QuestionInput, options: WriteOptions & { id?: string } = {}): Promise<string> {
  const { id = newId(), ...write } = options;
  await db.transaction('rw', practiceTables(db), async () => {
    await writeDoc(db, 'questions', id, { ...input, communityId }, { ...write, create: true });
    await follow(db, communityId, threadTarget(id), true);
  });
  return id;
}

export function editQuestion(db: AsharDb, id: string, input: Partial<QuestionInput>, options: WriteOptions = {}): Promise<boolean> {
  return writeDoc(db, 'questions', id, input, options);
}

/** Answers a question; the one who answers follows the thread from then on. */
export async function answerQuestion(
  db: AsharDb,
  communityId: string,
  questionId: string,
  text: string,
  options: WriteOptions & { id?: string } = {},
): Promise<string> {
  const { id = newId(), ...write } = options;
  await db.transaction('rw', practiceTables(db), async () => {
    await writeDoc(db, 'answers', id, { communityId, questionId, text }, { ...write, create: true });
    await follow(db, communityId, threadTarget(questionId), true);
  });
  return id;
}

/** Its author changes an answer's text. */
export function editAnswer(db: AsharDb, id: string, text: string, options: WriteOptions = {}): Promise<boolean> {
  return writeDoc(db, 'answers', id, { text }, options);
}

/** Marks an answer helpful, or takes the mark back: one mark per person, whichever phone made it. */
export async function setHelpful(db: AsharDb, communityId: string, answer: Pick<Answer, 'id' | 'questionId'>, helpful: boolean): Promise<void> {
  const id = markId(answer.id, await signedInUser(db));
  await writeDoc(db, 'marks', id, { communityId, answerId: answer.id, questionId: answer.questionId, helpful });
}

/** The asker (or a coordinator) says which answer answers the question; null takes it back. */
export function acceptAnswer(db: AsharDb, questionId: string, answerId: string | null): Promise<boolean> {
  return writeDoc(db, 'questions', questionId, { acceptedAnswerId: answerId });
}

/** Follows a circle or a thread, or stops: the next sync brings it in full, or takes it away. */
export async function follow(db: AsharDb, communityId: string, target: string, following: boolean): Promise<void> {
  const id = followId(await signedInUser(db), target);
  await writeDoc(db, 'follows', id, { communityId, target, following });
}

export const followCircle = (db: AsharDb, communityId: string, circle: Circle, following: boolean) => follow(db, communityId, circleTarget(circle), following);

/**
 * Whether the person follows a target: as their follow record says, or (with none) their position's
 * circle by default.
 */
export async function isFollowing(db: AsharDb, target: string, position: string | null | undefined): Promise<boolean> {
  const record = await db.follows.get(followId(await signedInUser(db), target));
  if (record && !record._deleted) return record.following;
  return position !== null && position !== undefined && target === circleTarget(position as Circle);
}

/**
 * The newest `limit` questions of a circle on this phone, read in order from the index (a circle
 * of a thousand questions reads thirty), and how many it holds (counted from the index: a deleted
 * question still waiting to be forgotten counts until the next sync takes it away). The rows are
 * read in one request, without a filter (which would walk a cursor a row at a time): a deleted
 * one among them, rare, makes it read again with room for it.
 */
export async function questionsOf(db: AsharDb, circle: Circle, limit = Infinity): Promise<{ questions: LocalDoc<Question>[]; total: number }> {
  const newest = (count: number) =>
    db.questions.where('[circle+createdAt]').between([circle, Dexie.minKey], [circle, Dexie.maxKey]).reverse().limit(count).toArray();
  const [first, total] = await Promise.all([newest(limit), db.questions.where('circle').equals(circle).count()]);
  for (let asked = limit, read = first; ; read = await newest((asked += limit))) {
    const questions = read.filter((row) => !row._deleted);
    // Enough, or the circle has no more.
    if (questions.length >= limit || read.length < asked) return { questions: questions.slice(0, limit), total };
  }
}

export interface Thread {
  question: LocalDoc<Question>;
  /** The accepted answer first, then by helpful marks, then oldest first. */
  answers: { answer: LocalDoc<Answer>; helpful: number; markedByMe: boolean }[];
}

/** A question with its answers and how many found each helpful, or undefined when it is not here. */
export async function readThread(db: AsharDb, questionId: string): Promise<Thread | undefined> {
  const question = await db.questions.get(questionId);
  if (!question || question._deleted) return undefined;
  const session = await getMeta<{ user?: { id?: string } }>(db, 'session');
  const me = session?.user?.id ?? null;
  const answers = (await db.answers.where('questionId').equals(questionId).toArray()).filter((row) => !row._deleted);
  const marks = (await db.marks.where('questionId').equals(questionId).toArray()).filter((row) => !row._deleted && row.helpful);
  const counted = answers.map((answer) => {
    const of = marks.filter((mark) => mark.answerId === answer.id);
    return { answer, helpful: of.length, markedByMe: me !== null && of.some((mark) => mark.id === markId(answer.id, me)) };
  });
  const accepted = question.acceptedAnswerId ?? null;
  counted.sort(
    (a, b) =>
      Number(b.answer.id === accepted) - Number(a.answer.id === accepted) || b.helpful - a.helpful || a.answer.createdAt.localeCompare(b.answer.createdAt),
  );
  return { question, answers: counted };
}

/** A coordinator hides a question or an answer, with a reason its author reads; '' shows it again. */
export function setHidden(db: AsharDb, collection: 'questions' | 'answers', id: string, reason: string, options: WriteOptions = {}): Promise<boolean> {
  return writeDoc(db, collection, id, { hiddenReason: reason.trim() }, options);
}

/** Its author deletes a question or an answer. */
export function deletePost(db: AsharDb, collection: 'questions' | 'answers', id: string): Promise<void> {
  return deleteDoc(db, collection, id);
}

/**
 * When each person on this phone last read each thread: user id → question id → the newest post
 * they saw. Kept per person: on a shared phone, what one read is still new for the next.
 */
type Seen = Record<string, Record<string, string>>;

async function seenThreads(db: AsharDb, userId: string): Promise<Record<string, string>> {
  return (await getMeta<Seen>(db, 'practiceSeen'))?.[userId] ?? {};
}

/** Remembers that the person read the thread as it is now, so nothing in it is "new" for them any more. */
export async function markThreadRead(db: AsharDb, userId: string, questionId: string): Promise<void> {
  await db.transaction('rw', [db.meta, db.questions, db.answers], async () => {
    const question = await db.questions.get(questionId);
    if (!question) return;
    const answers = await db.answers.where('questionId').equals(questionId).toArray();
    const newest = [question.createdAt, ...answers.map((answer) => answer.createdAt)].sort().at(-1)!;
    const all = (await getMeta<Seen>(db, 'practiceSeen')) ?? {};
    if (all[userId]?.[questionId] === newest) return;
    await setMeta(db, 'practiceSeen', { ...all, [userId]: { ...all[userId], [questionId]: newest } });
  });
}

export interface NewForYou {
  question: LocalDoc<Question>;
  /** Answers not yet read in a thread the person asked or follows; 0 for a new question in a followed circle. */
  newAnswers: number;
  /** Answers to it on this phone. */
  answers: number;
}

/** A question is new in a followed circle for this long after it was asked (then it is simply there). */
export const NEW_QUESTION_DAYS = 14;

/**
 * What is new for the person since they last read it: answers by others in the threads they follow
 * (asking or answering follows a thread) and questions by others, asked in the last two weeks, in
 * the circles they follow; newest first. Read through indexes: the answers of followed threads and
 * the recent questions only, never every post on the phone.
 */
export async function newForYou(db: AsharDb, userId: string, follows: (target: string) => boolean, now = Date.now()): Promise<NewForYou[]> {
  const seen = await seenThreads(db, userId);
  const threads = (await db.follows.toArray())
    .filter((row) => !row._deleted && row.following && row.target.startsWith('thread:'))
    .map((row) => row.target.slice(7));
  const newAnswers = new Map<string, number>();
  // Every answer of a followed thread is read once: what is new in it, and how many it has.
  const answerCounts = new Map<string, number>();
  for (const answer of await whereAnyOf(db.answers, 'questionId', threads)) {
    if (answer._deleted) continue;
    answerCounts.set(answer.questionId, (answerCounts.get(answer.questionId) ?? 0) + 1);
    if (answer.createdBy === userId || answer.createdAt <= (seen[answer.questionId] ?? '')) continue;
    newAnswers.set(answer.questionId, (newAnswers.get(answer.questionId) ?? 0) + 1);
  }
  const since = new Date(now - NEW_QUESTION_DAYS * 86_400_000).toISOString();
  const recent = (await db.questions.where('createdAt').above(since).toArray()).filter(
    (question) =>
      !question._deleted && question.createdBy !== userId && !seen[question.id] && !newAnswers.has(question.id) && follows(circleTarget(question.circle)),
  );
  const withAnswers = (await db.questions.bulkGet([...newAnswers.keys()])).filter((question): question is LocalDoc<Question> =>
    Boolean(question && !question._deleted),
  );
  // New questions outside followed threads: their answers counted here (a few, from the last two weeks).
  const uncounted = recent.filter((question) => !answerCounts.has(question.id)).map((question) => question.id);
  for (const answer of await whereAnyOf(db.answers, 'questionId', uncounted)) {
    if (!answer._deleted) answerCounts.set(answer.questionId, (answerCounts.get(answer.questionId) ?? 0) + 1);
  }
  return [
    ...withAnswers.map((question) => ({ question, newAnswers: newAnswers.get(question.id)!, answers: answerCounts.get(question.id) ?? 0 })),
    ...recent.map((question) => ({ question, newAnswers: 0, answers: answerCounts.get(question.id) ?? 0 })),
  ].sort((a, b) => b.question.updatedAt.localeCompare(a.question.updatedAt));
}

/** The help desk asks people to answer a question (user ids; those asked before stay asked). */
export async function askToAnswer(db: AsharDb, questionId: string, userIds: readonly string[]): Promise<boolean> {
  const question = await db.questions.get(questionId);
  if (!question || question._deleted) return false;
  const askedOf = [...new Set([...(question.askedOf ?? []), ...userIds])];
  return writeDoc(db, 'questions', questionId, { askedOf });
}

/** Questions the help desk asked this person to answer and they have not answered yet, oldest first, with their answers' count. */
export async function askedOfMe(db: AsharDb, userId: string): Promise<{ question: LocalDoc<Question>; answers: number }[]> {
  const asked = (await db.questions.where('askedOf').equals(userId).toArray()).filter((question) => !question._deleted && !question.hiddenReason);
  const answersOf = await Promise.all(asked.map((question) => db.answers.where('questionId').equals(question.id).toArray()));
  return asked
    .map((question, index) => ({ question, answers: answersOf[index]!.filter((answer) => !answer._deleted) }))
    .filter(({ answers }) => !answers.some((answer) => answer.createdBy === userId))
    .sort((a, b) => a.question.createdAt.localeCompare(b.question.createdAt))
    .map(({ question, answers }) => ({ question, answers: answers.length }));
}

/** The questions on this phone that link one of these case studies (its versions), or that one grew from; newest first. */
export async function threadsLinking(db: AsharDb, caseStudyIds: readonly string[], fromQuestionId?: string): Promise<LocalDoc<Question>[]> {
  const linking = await whereAnyOf(db.questions, 'linkedCaseStudyIds', caseStudyIds);
  const origin = fromQuestionId ? await db.questions.get(fromQuestionId) : undefined;
  const all = new Map([...(origin ? [origin] : []), ...linking].map((question) => [question.id, question]));
  return [...all.values()].filter((question) => !question._deleted && !question.hiddenReason).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A thread's question and its accepted answer (when there is one on this phone). */
export async function acceptedThread(
  db: AsharDb,
  questionId: string,
): Promise<{ question: LocalDoc<Question>; accepted: LocalDoc<Answer> | undefined } | null> {
  const question = await db.questions.get(questionId);
  if (!question || question._deleted) return null;
  const accepted = question.acceptedAnswerId ? await db.answers.get(question.acceptedAnswerId) : undefined;
  return { question, accepted: accepted && !accepted._deleted ? accepted : undefined };
}
