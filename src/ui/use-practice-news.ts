import { useLiveQuery } from 'dexie-react-hooks';
import { followsNow } from '../core/practice';
import { db } from '../db/instance';
import { askedOfMe, newForYou, type NewForYou } from '../db/practice';
import { readSession } from '../sync/session';

async function readNewForYou(userId: string, position: string | null | undefined): Promise<NewForYou[]> {
  const records = new Map((await db.follows.toArray()).filter((row) => !row._deleted).map((row) => [row.target, row.following]));
  return newForYou(db, userId, followsNow(records, position));
}

/**
 * What is new in the circles for the signed-in person (src/db/practice.ts newForYou), live: a sync
 * that brings answers or questions updates it. Shown in the circles and counted on the library.
 */
export function useNewForYou(): NewForYou[] | undefined {
  return useLiveQuery(async () => {
    const session = await readSession(db);
    return session ? readNewForYou(session.user.id, session.user.position) : [];
  }, []);
}

/**
 * How many things in the circles wait for the person: what is new for them and the questions the
 * help desk asked them to answer. Counted on the navigation; 0 with nobody signed in.
 */
export function usePracticeCount(): number {
  return (
    useLiveQuery(async () => {
      const session = await readSession(db);
      if (!session) return 0;
      const [fresh, asked] = await Promise.all([readNewForYou(session.user.id, session.user.position), askedOfMe(db, session.user.id)]);
      const askedIds = new Set(asked.map(({ question }) => question.id));
      return asked.length + fresh.filter(({ question }) => !askedIds.has(question.id)).length;
    }, []) ?? 0
  );
}
