import { useLiveQuery } from 'dexie-react-hooks';
import { useLanguageCode } from '../i18n/use-translation';
import type { Community, Language } from '../core/model';
import { db } from '../db/instance';
import { forgetHint, readHint, writeHint } from '../db/hints';
import { readCurrentCommunityId } from '../db/settings';
import { isLanguage } from '../i18n/languages';

// The last answer is remembered for the next screen that asks: moving between screens then draws
// at once with it, while the database confirms (and a change still shows up live).
let lastCommunity: Community | null | undefined;

const CHOSEN_KEY = 'ashar.communityChosen';
const LOST_KEY = 'ashar.storageLost';

/**
 * Reads the current community (and remembers it for the next screen that asks). Also called at
 * start, beside the other reads, so the frame draws with it at once instead of drawing nothing and
 * waiting for the database.
 */
export async function loadCurrentCommunity(): Promise<Community | null> {
  const id = await readCurrentCommunityId(db);
  lastCommunity = id ? ((await db.communities.get(id)) ?? null) : null;
  // A community once chosen is never unchosen, only changed: a database that no longer has one
  // was lost under the app (the browser deletes a database it finds damaged, as after a phone
  // switched off mid-write, and starts an empty one). The welcome screen then says so.
  if (!id && communityChosenBefore()) writeHint(LOST_KEY, new Date().toISOString());
  if (lastCommunity) forgetHint(LOST_KEY);
  writeHint(CHOSEN_KEY, lastCommunity ? '1' : '0');
  return lastCommunity;
}

/**
 * When this phone found its database emptied under it (see loadCurrentCommunity): an ISO time,
 * or null. Forgotten once a community is chosen again (by hand, by signing in, or from a backup).
 */
export function storageLostAt(): string | null {
  return readHint(LOST_KEY);
}

/**
 * Whether this phone had a community chosen when it last looked (remembered beside the database,
 * where it can be read at once): a start without one goes straight to the welcome screen and loads
 * that screen's code rather than the one it would leave at once. The database still decides.
 */
export function communityChosenBefore(): boolean {
  return readHint(CHOSEN_KEY) === '1';
}

/** The community this phone works for, chosen once on first start; null when none is chosen yet. */
export function useCurrentCommunity(): Community | null | undefined {
  return useLiveQuery(loadCurrentCommunity, [], lastCommunity);
}

export function useLanguage(): Language {
  const language = useLanguageCode();
  return isLanguage(language) ? language : 'ky';
}
