import type { Community } from '../core/model';
import type { AsharDb } from '../db/database';
import { readCurrentCommunityId, saveCurrentCommunityId } from '../db/settings';
import { setMeta } from '../db/meta';
import { forgetStartSnapshot } from '../db/start-snapshot';
import { readSession, saveSession, type Session } from './session';
import { joinSharedPhone, leaveSharedPhone, sharedPhoneTables } from './shared-phone';
import { getJson, postJson } from './transport';

interface ServerCommunity {
  id: string;
  name: Community['name'];
  rayonId: string | null;
  code: string | null;
  createdAt: string;
}

/**
 * Signs in on this phone. Records made before (or while signed out) stay in the outbox and are sent
 * with this account; the server refuses any whose community the account does not belong to, and
 * those are shown for the person to fix, never dropped. What this person left parked when they
 * signed out comes back.
 */
export async function signIn(db: AsharDb, username: string, password: string, deviceName: string, fetcher?: typeof fetch): Promise<Session> {
  const { token, user } = await postJson<{ token: string; user: Session['user'] }>('/auth/login', { username, password, deviceName }, null, fetcher);
  const previous = await readSession(db);
  const session: Session = { token, user, expired: false };
  await db.transaction('rw', sharedPhoneTables(db), async () => {
    // Someone else was still signed in (their session had expired): their work is put aside first.
    if (previous && previous.user.id !== user.id) await leaveSharedPhone(db, previous.user.id);
    await saveSession(db, session);
    await setMeta(db, 'userId', user.id);
    await joinSharedPhone(db, user);
  });
  // The library as the phone showed it before may hold what this person may not read.
  await forgetStartSnapshot();
  await refreshCommunities(db, token, user.communityIds, fetcher);
  return session;
}

/** Brings in the server's list of communities and, if this phone has none chosen yet, picks the user's first. */
export async function refreshCommunities(db: AsharDb, token: string, mine: string[], fetcher?: typeof fetch): Promise<void> {
  const { communities } = await getJson<{ communities: ServerCommunity[] }>('/communities', token, fetcher);
  await db.transaction('rw', [db.communities, db.meta], async () => {
    for (const community of communities) {
      const existing = await db.communities.get(community.id);
      await db.communities.put({
        id: community.id,
        name: community.name,
        rayonCode: community.rayonId,
        code: community.code,
        createdAt: existing?.createdAt ?? community.createdAt,
        updatedAt: new Date().toISOString(),
      });
    }
    await setMeta(
      db,
      'serverCommunityIds',
      communities.map((community) => community.id),
    );
    const current = await readCurrentCommunityId(db);
    // A community made by hand on this phone keeps its place until its records are moved (the
    // person is asked, src/sync/carry-over.ts): switching away would make them look lost.
    const handMade = current !== undefined && !communities.some((community) => community.id === current);
    if ((!current || (!mine.includes(current) && !handMade)) && mine[0]) await saveCurrentCommunityId(db, mine[0]);
  });
}

/**
 * Signs out. The phone keeps for the next person only what everyone may read; this person's unsent
 * work and unsaved forms are put aside for them and sent when they sign in again.
 */
export async function signOut(db: AsharDb, fetcher?: typeof fetch): Promise<void> {
  const session = await readSession(db);
  if (!session) return;
  await db.transaction('rw', sharedPhoneTables(db), async () => {
    await leaveSharedPhone(db, session.user.id);
    await saveSession(db, null);
  });
  await forgetStartSnapshot();
  await postJson('/auth/logout', {}, session.token, fetcher).catch(() => undefined);
}
