import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Community, Language } from '../core/model';
import { db } from '../db/instance';
import { readCurrentCommunityId } from '../db/settings';
import { isLanguage } from '../i18n/languages';

/** The community this phone works for, chosen once on first start; null when none is chosen yet. */
export function useCurrentCommunity(): Community | null | undefined {
  return useLiveQuery(async () => {
    const id = await readCurrentCommunityId(db);
    if (!id) return null;
    return (await db.communities.get(id)) ?? null;
  }, []);
}

export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'ky';
}
