import { useLiveQuery } from 'dexie-react-hooks';
import { useLanguageCode } from '../i18n/use-translation';
import type { Community, Language } from '../core/model';
import { db } from '../db/instance';
import { readHint, writeHint } from '../db/hints';
import { readCurrentCommunityId } from '../db/settings';
import { isLanguage } from '../i18n/languages';

// The last answer is remembered for the next screen that asks: moving between screens then draws
// at once with it, while the database confirms (and a change still shows up live).
let lastCommunity: Community | null | undefined;

const CHOSEN_KEY = 'ashar.communityChosen';

/**
 * Reads the current community (and remembers it for the next screen that asks). Also called at
 * start, beside the other reads, so the frame draws with it at once instead of drawing nothing and
 * waiting for the database.
 */
export async function loadCurrentCommunity(): Promise<Community | null> {
  const id = await readCurrentCommunityId(db);
  lastCommunity = id ? ((await db.communities.get(id)) ?? null) : null;
  writeHint(CHOSEN_KEY, lastCommunity ? '1' : '0');
  return lastCommunity;
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
