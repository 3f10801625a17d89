import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { CIRCLES, type Circle } from '../../core/model';
import { db } from '../../db/instance';
import { questionsOf, readThread } from '../../db/practice';
import { useSession } from '../../ui/use-session';
import { followsNow } from '../../core/practice';
import { whereAnyOf } from '../../db/query';

/** Whether the signed-in person follows a circle or thread (`circle:…`, `thread:…`); undefined while reading. */
export function useFollows(): ((target: string) => boolean) | undefined {
  const session = useSession();
  // The phone holds its person's follows only (nobody else reads them; a shared phone drops them at sign-out).
  const records = useLiveQuery(async () => new Map((await db.follows.toArray()).filter((row) => !row._deleted).map((row) => [row.target, row.following])), []);
  return useMemo(() => (records && session !== undefined ? followsNow(records, session?.user.position) : undefined), [records, session]);
}

/** How many questions of each circle are on this phone (counted from the index, not read). */
export function useCircleCounts(): Map<string, number> | undefined {
  return useLiveQuery(async () => {
    const counts = await Promise.all(CIRCLES.map((circle) => db.questions.where('circle').equals(circle).count()));
    return new Map(CIRCLES.map((circle, index) => [circle, counts[index]!]));
  }, []);
}

/**
 * The newest `limit` questions of a circle with their number of answers, and how many there are in
 * all: a circle of a thousand questions draws (and counts the answers of) one page at a time.
 */
export function useCircleQuestions(circle: Circle, limit: number) {
  return useLiveQuery(async () => {
    const { questions, total } = await questionsOf(db, circle, limit);
    // The answers of the questions shown, read once by their index, counted here.
    const counts = new Map<string, number>();
    for (const answer of await whereAnyOf(
      db.answers,
      'questionId',
      questions.map((question) => question.id),
    ))
      if (!answer._deleted) counts.set(answer.questionId, (counts.get(answer.questionId) ?? 0) + 1);
    return { total, questions: questions.map((question) => ({ question, answers: counts.get(question.id) ?? 0 })) };
  }, [circle, limit]);
}

/** A thread as the phone holds it; null when it is not here. */
export function useThread(questionId: string | undefined) {
  return useLiveQuery(async () => (questionId ? ((await readThread(db, questionId)) ?? null) : null), [questionId]);
}
