import { liveQuery } from 'dexie';
import { useSyncExternalStore } from 'react';
import type { Question } from '../core/model';
import { followsNow } from '../core/practice';
import type { LocalDoc } from '../db/database';
import { db } from '../db/instance';
import { askedOfMe, newForYou, type NewForYou } from '../db/practice';
import { readSession } from '../sync/session';
import { whenIdle } from './when-idle';

/** What waits in the circles for the person signed in on this phone. */
interface PracticeNews {
  /** What is new for them (src/db/practice.ts newForYou). */
  fresh: NewForYou[];
  /** Questions the help desk asked them to answer, not answered yet. */
  asked: { question: LocalDoc<Question>; answers: number }[];
  /** Both together, each question once: the count on the navigation. */
  count: number;
}

const NOBODY: PracticeNews = { fresh: [], asked: [], count: 0 };

async function readNews(): Promise<PracticeNews> {
  const session = await readSession(db);
  if (!session) return NOBODY;
  const records = new Map((await db.follows.toArray()).filter((row) => !row._deleted).map((row) => [row.target, row.following]));
  const [fresh, asked] = await Promise.all([newForYou(db, session.user.id, followsNow(records, session.user.position)), askedOfMe(db, session.user.id)]);
  const askedIds = new Set(asked.map(({ question }) => question.id));
  return { fresh, asked, count: asked.length + fresh.filter(({ question }) => !askedIds.has(question.id)).length };
}

// One live reading for every screen that shows it (the navigation, the library, the circles), not
// one each. It starts once the app is idle after its first paint: a start never waits for it.
let news: PracticeNews | undefined;
const listeners = new Set<() => void>();
let subscription: { unsubscribe(): void } | null = null;
let pending: (() => void) | null = null;

function begin() {
  pending = null;
  if (listeners.size === 0 || subscription) return;
  subscription = liveQuery(readNews).subscribe({
    next: (value) => {
      news = value;
      for (const listener of listeners) listener();
    },
    // A failed read (a closing database) leaves what was shown; the next change reads again.
    error: () => undefined,
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!subscription && pending === null) {
    pending = whenIdle(begin);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      subscription?.unsubscribe();
      subscription = null;
      news = undefined;
    }
  };
}

const useNews = () => useSyncExternalStore(subscribe, () => news);

/** What is new in the circles for the signed-in person, live; undefined while first read. */
export function useNewForYou(): NewForYou[] | undefined {
  return useNews()?.fresh;
}

/** Questions the help desk asked the signed-in person to answer, not answered yet, oldest first. */
export function useAskedOfMe(): PracticeNews['asked'] | undefined {
  return useNews()?.asked;
}

/** How many things in the circles wait for the person: counted on the navigation; 0 with nobody signed in. */
export function usePracticeCount(): number {
  return useNews()?.count ?? 0;
}
