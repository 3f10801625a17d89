import { useEffect } from 'react';
import { db } from '../../db/instance';
import { readSession, type Session } from '../../sync/session';
import { useSession } from '../../ui/use-session';

// The card's shape depends on whether someone is signed in, so it is drawn only once that is known,
// or nothing below it would jump: the settings route reads it before its first draw
// (knowSessionFirst), and later draws start from the last answer seen until the live query answers.
let lastSeen: Session | null | undefined;

/** Reads who is signed in, for the card's first draw; a failed read leaves the live query to say. */
export async function knowSessionFirst(): Promise<void> {
  lastSeen = await readSession(db).then(
    (session) => session ?? null,
    () => lastSeen,
  );
}

/** Who is signed in on this phone (null: nobody), kept current; undefined while not known. */
export function useSessionKnownFirst(): Session | null | undefined {
  const live = useSession();
  useEffect(() => {
    if (live !== undefined) lastSeen = live;
  }, [live]);
  return live !== undefined ? live : lastSeen;
}
