import { localizedName, LANGUAGES, type Community } from '../core/model';
import type { AsharDb } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import type { Session } from './session';

// A phone used before signing in works for a community added by hand ("not in the list — add").
// Its records cannot be sent as they are: the server does not know that community. Once its person
// signs in, the phone offers, once, to move them all into one of the account's communities.

export interface HandMadeWork {
  community: Community;
  records: number;
  /** The account's communities, the one most like this community first (same name, same rayon). */
  targets: Community[];
}

/** Communities made by hand on this phone that still hold records, with where they could go. */
export async function handMadeWork(db: AsharDb, session: Session | null): Promise<HandMadeWork[]> {
  if (!session || session.expired) return [];
  const known = await getMeta<string[]>(db, 'serverCommunityIds');
  if (!known) return [];
  const declined = new Set((await getMeta<string[]>(db, 'carryOverDeclined')) ?? []);
  const accountCommunities = (await db.communities.bulkGet(session.user.communityIds)).filter((c): c is Community => Boolean(c));
  if (accountCommunities.length === 0) return [];
  const work: HandMadeWork[] = [];
  for (const community of await db.communities.toArray()) {
    if (known.includes(community.id) || declined.has(community.id)) continue;
    let records = 0;
    for (const table of db.docTables)
      records += await table
        .where('communityId')
        .equals(community.id)
        .filter((row) => !row._deleted)
        .count();
    if (records === 0) continue;
    work.push({ community, records, targets: [...accountCommunities].sort((a, b) => likeness(community, b) - likeness(community, a)) });
  }
  return work;
}

/**
 * The records whose changes wait for the person's answer to the offer: sent now, the server would
 * refuse each one (it does not know their community), and each would need its own "move and send
 * again". Once moved they go with the next sync; kept where they are, they are sent as they are.
 */
export async function heldForCarryOver(db: AsharDb, session: Session | null): Promise<Set<string>> {
  const held = new Set<string>();
  for (const { community } of await handMadeWork(db, session)) {
    for (const table of db.docTables) for (const id of await table.where('communityId').equals(community.id).primaryKeys()) held.add(String(id));
  }
  return held;
}

/** Remembers that the person keeps these records where they are: not asked again. */
export async function declineCarryOver(db: AsharDb, communityId: string): Promise<void> {
  const declined = (await getMeta<string[]>(db, 'carryOverDeclined')) ?? [];
  await setMeta(db, 'carryOverDeclined', [...new Set([...declined, communityId])]);
}

/** How alike two communities are: the same name in any language counts most, then the same rayon. */
function likeness(handMade: Community, candidate: Community): number {
  const names = (community: Community) => new Set(LANGUAGES.map((lang) => localizedName(community.name, lang).trim().toLocaleLowerCase()).filter(Boolean));
  const mine = names(handMade);
  const sameName = [...names(candidate)].some((name) => mine.has(name));
  return (sameName ? 2 : 0) + (handMade.rayonCode && handMade.rayonCode === candidate.rayonCode ? 1 : 0);
}
