import { useLiveQuery } from 'dexie-react-hooks';
import { followsNow } from '../core/practice';
import { db } from '../db/instance';
import { newForYou, type NewForYou } from '../db/practice';
import { readSession } from '../sync/session';

/**
 * What is new in the circles for the signed-in person (src/db/practice.ts newForYou), live: a sync
 * that brings answers or questions updates it. Shown in the circles and counted on the library.
 */
export function useNewForYou(): NewForYou[] | undefined {
  return useLiveQuery(async () => {
    const session = await readSession(db);
    if (!session) return [];
    const records = new Map((await db.follows.toArray()).filter((row) => !row._deleted).map((row) => [row.target, row.following]));
    return newForYou(db, session.user.id, followsNow(records, session.user.position));
  }, []);
}
