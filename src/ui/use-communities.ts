import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { localizedName, type Community, type Language } from '../core/model';
import { db } from '../db/instance';
import { useLanguage } from './use-app-data';

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
