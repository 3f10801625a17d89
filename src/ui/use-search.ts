import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { db } from '../db/instance';
import { librarySearch, type LibrarySearch } from '../search/client';
import type { PracticeAnswer, PracticeQuery } from '../search/practice-index';
import { useSession } from './use-session';
import { useTypedParam } from './use-typed-param';

/**
 * Draws a search's answer in the task that brought it from the worker, not in a task of React's
 * own after it: an answer that comes before the next frame is then painted in that frame, with
 * the letter typed, instead of in a frame of its own after it (one frame less per keystroke on a
 * slow phone). Only for updates made outside React's rendering (a worker's answer).
 */
export function drawNow(update: () => void): void {
  flushSync(update);
}

type Reads = 'library' | 'practice';

const generationOf = (search: LibrarySearch, reads: Reads) => (reads === 'library' ? search.generation : search.practiceGeneration);

/** The answer last asked ahead (see askAhead), named by its question: the records' generation and the question's key. */
let ahead: { asked: string; answer: unknown } | null = null;

/**
 * Asks the search, at once, the question a keystroke makes (`key` and `ask` as a screen's
 * useSearchAnswer will ask it once it has the new text), and resolves when it is answered. A
 * screen that then takes the new text draws it with this answer in one go: a keystroke costs no
 * drawing of the screen before its answer, and the worker has the question a drawing sooner.
 */
export async function askAhead<A>(reads: Reads, key: string, ask: (search: LibrarySearch) => Promise<A>): Promise<void> {
  const search = librarySearch(db);
  const asked = `${generationOf(search, reads)}:${key}`;
  const answer = await ask(search);
  ahead = { asked, answer };
}

/**
 * An answer from the phone's search (in its worker), asked again whenever the records it reads
 * change; the previous answer stays while the next one comes (but not after a null question).
 * `key` names the question (a JSON of the query): `ask` runs when it changes; null asks nothing.
 * A question already answered ahead (askAhead) is not asked again: its answer is drawn at once.
 */
export function useSearchAnswer<A>(ask: (search: LibrarySearch) => Promise<A>, key: string | null, reads: Reads): A | undefined {
  const search = librarySearch(db);
  const generation = useSyncExternalStore(search.subscribe, () => generationOf(search, reads));
  const asked = key === null ? null : `${generation}:${key}`;
  const [state, setState] = useState<{ asked: string; answer: A }>();
  // Nothing asked forgets the last answer: a search typed later must not first draw the results
  // of one from before (a whole list, drawn on the keystroke only to be replaced by its answer).
  if (asked === null) {
    if (state !== undefined) setState(undefined);
  } else if (state?.asked !== asked && ahead?.asked === asked) {
    setState({ asked, answer: ahead.answer as A });
  }
  const answered = state?.asked === asked;
  useEffect(() => {
    if (asked === null || answered) return undefined;
    let current = true;
    ask(search).then(
      (next) => {
        if (current) drawNow(() => setState({ asked, answer: next }));
      },
      // Nothing to show for it; the next change asks again. Said in the console for whoever looks.
      (error: unknown) => console.error('search failed', error),
    );
    return () => {
      current = false;
    };
    // `ask` is a new function each render; `asked` says when the question is a new one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asked, search]);
  return asked === null ? undefined : state?.answer;
}

/**
 * The text a screen searches for, typed in its search box (SearchBox, which shows each letter
 * itself) and kept in the address (useTypedParam). Each keystroke asks its question ahead
 * (`ask`: askAhead, or null when the text asks nothing), and the screen takes the new text only
 * once that is answered, in one drawing with the answer (`alsoThen`: what else changes with it).
 * Keystrokes typed meanwhile win: only the last one's text is taken.
 */
export function useTypedSearch(ask: (typed: string) => Promise<void> | null, alsoThen?: () => void): [string, (typed: string) => void] {
  const [text, setText] = useTypedParam();
  const latest = useRef(text);
  const take = (typed: string) => {
    setText(typed);
    alsoThen?.();
  };
  const type = (typed: string) => {
    latest.current = typed;
    const asked = ask(typed);
    if (!asked) {
      take(typed);
      return;
    }
    // Taken even if the search failed: the screen asks again, and says so in the console.
    const taken = () => {
      if (latest.current === typed) drawNow(() => take(typed));
    };
    asked.then(taken, taken);
  };
  return [text, type];
}

/** What the help desk sees hidden posts of: coordinators (and admins) see every post. */
const seesHidden = (role: string | undefined) => role === 'coordinator' || role === 'admin';

/** What a screen asks of the circles' search; the reader and the hour are added by usePracticeQuestion. */
export type PracticeSearchPart = Pick<PracticeQuery, 'text' | 'filters' | 'offset' | 'limit' | 'order' | 'anyWord'>;

/**
 * The whole question for the circles' search, from a screen's part of it: the reader's own hidden
 * posts stay findable to them, coordinators find every post. null while the session is unknown.
 */
export function usePracticeQuestion(): (query: PracticeSearchPart) => PracticeQuery | null {
  const session = useSession();
  return (query) =>
    session !== undefined ? { ...query, userId: session?.user.id ?? null, seesHidden: seesHidden(session?.user.role), now: startOfHour() } : null;
}

/** Questions (with their answers) found on this phone by the search worker; null asks nothing. */
export function usePracticeSearch(query: PracticeSearchPart | null): PracticeAnswer | undefined {
  const full = usePracticeQuestion();
  const whole = query && full(query);
  return useSearchAnswer((search) => search.questions(whole!), whole ? JSON.stringify(whole) : null, 'practice');
}

/** Asks the circles' search ahead (see askAhead) the question usePracticeSearch will ask. */
export function askPracticeAhead(whole: PracticeQuery): Promise<void> {
  return askAhead('practice', JSON.stringify(whole), (search) => search.questions(whole));
}

/** The time, to the hour: "waiting for days" does not need a new search every second. */
function startOfHour(): number {
  return Math.floor(Date.now() / 3_600_000) * 3_600_000;
}
