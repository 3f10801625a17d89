import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { Circle } from '../../core/model';
import { db } from '../../db/instance';
import { questionsOf, readThread } from '../../db/practice';
import { useSession } from '../../ui/use-session';
import { followsNow } from '../../core/practice';

/** Whether the signed-in person follows a circle or thread (`circle:…`, `thread:…`); undefined while reading. */
export function useFollows(): ((target: string) => boolean) | undefined {
  const session = useSession();
  // The phone holds its person's follows only (nobody else reads them; a shared phone drops them at sign-out).
  const records = useLiveQuery(async () => new Map((await db.follows.toArray()).filter((row) => !row._deleted).map((row) => [row.target, row.following])), []);
  return useMemo(() => (records && session !== undefined ? followsNow(records, session?.user.position) : undefined), [records, session]);
}

/** How many questions of each circle are on this phone. */
export function useCircleCounts(): Map<string, number> | undefined {
  return useLiveQuery(async () => {
    const counts = new Map<string, number>();
    await db.questions.each((row) => {
      if (!row._deleted) counts.set(row.circle, (counts.get(row.circle) ?? 0) + 1);
    });
    return counts;
  }, []);
}

/** The questions of a circle with their number of answers, newest first. */
export function useCircleQuestions(circle: Circle) {
  return useLiveQuery(async () => {
    const questions = await questionsOf(db, circle);
    const answers = await db.answers
      .where('questionId')
      .anyOf(questions.map((question) => question.id))
      .toArray();
    const count = new Map<string, number>();
    for (const answer of answers) if (!answer._deleted) count.set(answer.questionId, (count.get(answer.questionId) ?? 0) + 1);
    return questions.map((question) => ({ question, answers: count.get(question.id) ?? 0 }));
  }, [circle]);
}

/** A thread as the phone holds it; null when it is not here. */
export function useThread(questionId: string | undefined) {
  return useLiveQuery(async () => (questionId ? ((await readThread(db, questionId)) ?? null) : null), [questionId]);
}
