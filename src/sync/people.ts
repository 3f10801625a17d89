import type { Position } from '../core/model';
import type { AsharDb } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { readSession } from './session';
import { getJson } from './transport';

/** Someone the help desk may ask to answer a question (or, a facilitator or coordinator, to mentor a team). */
export interface Person {
  id: string;
  displayName: string;
  position: Position | null;
  communityIds: string[];
  /** Missing in a list fetched before learning teams existed. */
  mayMentor?: boolean;
}

interface KeptPeople {
  /** Whose list it is: a shared phone's next person does not inherit it. */
  userId: string;
  fetchedAt: string;
  people: Person[];
}

/**
 * The people the help desk may ask, as last fetched on this phone for the person signed in now (it
 * works offline from then on); null when never fetched.
 */
export async function readPeople(db: AsharDb): Promise<Person[] | null> {
  const [kept, session] = await Promise.all([getMeta<KeptPeople>(db, 'people'), readSession(db)]);
  return kept && session && kept.userId === session.user.id ? kept.people : null;
}

/** How long a fetched list serves before the next screen that needs it fetches it again. */
const PEOPLE_FRESH_MS = 10 * 60 * 1000;

/**
 * Fetches the list again (the help desk only) unless this person's list is under ten minutes old;
 * keeps what it had when there is no network.
 */
export async function refreshPeople(db: AsharDb, fetcher?: typeof fetch): Promise<void> {
  const session = await readSession(db);
  if (!session || session.expired) return;
  const last = await getMeta<KeptPeople>(db, 'people');
  if (last && last.userId === session.user.id && Date.now() - Date.parse(last.fetchedAt) < PEOPLE_FRESH_MS) return;
  const { people } = await getJson<{ people: Person[] }>('/people', session.token, fetcher);
  const kept: KeptPeople = { userId: session.user.id, fetchedAt: new Date().toISOString(), people };
  await setMeta(db, 'people', kept);
}
