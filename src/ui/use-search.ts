import { useEffect, useState, useSyncExternalStore } from 'react';
import { db } from '../db/instance';
import { librarySearch, type LibrarySearch } from '../search/client';
import type { PracticeAnswer, PracticeQuery } from '../search/practice-index';
import { useSession } from './use-session';

/**
 * An answer from the phone's search (in its worker), asked again whenever the records it reads
 * change; the previous answer stays while the next one comes (but not after a null question).
 * `key` names the question (a JSON of the query): `ask` runs when it changes; null asks nothing.
 */
export function useSearchAnswer<A>(ask: (search: LibrarySearch) => Promise<A>, key: string | null, reads: 'library' | 'practice'): A | undefined {
  const search = librarySearch(db);
  const generation = useSyncExternalStore(search.subscribe, () => (reads === 'library' ? search.generation : search.practiceGeneration));
  const [answer, setAnswer] = useState<A>();
  // Nothing asked forgets the last answer: a search typed later must not first draw the results
  // of one from before (a whole list, drawn on the keystroke only to be replaced by its answer).
  if (key === null && answer !== undefined) setAnswer(undefined);
  useEffect(() => {
    if (key === null) return undefined;
    let current = true;
    ask(search).then(
      (next) => {
        if (current) setAnswer(next);
      },
      // Nothing to show for it; the next change asks again. Said in the console for whoever looks.
      (error: unknown) => console.error('search failed', error),
    );
    return () => {
      current = false;
    };
    // `ask` is a new function each render; `key` says when the question is a new one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation, search]);
  return key === null ? undefined : answer;
}

/** What the help desk sees hidden posts of: coordinators (and admins) see every post. */
const seesHidden = (role: string | undefined) => role === 'coordinator' || role === 'admin';

/**
 * Questions (with their answers) found on this phone by the search worker; null asks nothing.
 * The reader's own hidden posts stay findable to them; coordinators find every post.
 */
export function usePracticeSearch(
  query: Pick<PracticeQuery, 'text' | 'filters' | 'offset' | 'limit' | 'order' | 'anyWord'> | null,
): PracticeAnswer | undefined {
  const session = useSession();
  const full: PracticeQuery | null =
    query && session !== undefined ? { ...query, userId: session?.user.id ?? null, seesHidden: seesHidden(session?.user.role), now: startOfHour() } : null;
  return useSearchAnswer((search) => search.questions(full!), full ? JSON.stringify(full) : null, 'practice');
}

/** The time, to the hour: "waiting for days" does not need a new search every second. */
function startOfHour(): number {
  return Math.floor(Date.now() / 3_600_000) * 3_600_000;
}
