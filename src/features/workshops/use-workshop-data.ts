import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localizedName, type Community, type Language } from '../../core/model';
import { db } from '../../db/instance';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';

const SEES_ALL = new Set(['coordinator', 'admin']);

/**
 * The communities whose events this person follows: the one the phone works for and every one the
 * signed-in user belongs to. Coordinators and admins follow every event the phone holds (null).
 * Undefined while loading.
 */
export function useMyCommunityIds(): string[] | null | undefined {
  const community = useCurrentCommunity();
  const session = useSession();
  return useMemo(() => {
    if (community === undefined || session === undefined) return undefined;
    if (session && SEES_ALL.has(session.user.role)) return null;
    return [...new Set([...(community ? [community.id] : []), ...(session?.user.communityIds ?? [])])];
  }, [community, session]);
}

export interface CommunityNames {
  list: Community[];
  name: (id: string | null | undefined) => string;
}

/** Every community the phone knows, with a name in the reader's language. */
export function useCommunities(): CommunityNames | undefined {
  const lang = useLanguage();
  const communities = useLiveQuery(() => db.communities.toArray(), []);
  return useMemo(() => (communities ? communityNames(communities, lang) : undefined), [communities, lang]);
}

export function communityNames(communities: readonly Community[], lang: Language): CommunityNames {
  const byId = new Map(communities.map((community) => [community.id, community]));
  const name = (id: string | null | undefined) => {
    const community = id ? byId.get(id) : undefined;
    return community ? localizedName(community.name, lang) : '';
  };
  const list = [...communities].sort((a, b) => name(a.id).localeCompare(name(b.id), lang));
  return { list, name };
}

/** The case studies an event can link to (originals, not translations), an example marked as one. */
export function useCaseStudyChoices(): { value: string; label: string }[] {
  const { t } = useTranslation();
  const caseStudies = useLiveQuery(async () => (await db.caseStudies.toArray()).filter((doc) => !doc._deleted && !doc.translationOf), []);
  return useMemo(
    () => (caseStudies ?? []).map((doc) => ({ value: doc.id, label: doc.example ? t('example.labelled', { title: doc.title }) : doc.title })),
    [caseStudies, t],
  );
}
