import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { localizedName, type AdminUnit, type Community, type Language } from '../core/model';
import { db } from '../db/instance';
import { nameOrder } from '../i18n/format';
import { useLanguage } from './use-app-data';

export interface CommunityNames {
  list: Community[];
  name: (id: string | null | undefined) => string;
  /**
   * The name as a choice in a picker: with its rayon when another community has the same name
   * (there are several Кара-Суу in the country), so that a share or a team picks the right one.
   */
  choice: (id: string) => string;
}

/** Every community the phone knows, with a name in the reader's language. */
export function useCommunities(): CommunityNames | undefined {
  const lang = useLanguage();
  const communities = useLiveQuery(() => db.communities.toArray(), []);
  const units = useLiveQuery(() => db.adminUnits.toArray(), []);
  return useMemo(() => (communities && units ? communityNames(communities, lang, units) : undefined), [communities, lang, units]);
}

export function communityNames(communities: readonly Community[], lang: Language, units: readonly AdminUnit[] = []): CommunityNames {
  const byId = new Map(communities.map((community) => [community.id, community]));
  const name = (id: string | null | undefined) => {
    const community = id ? byId.get(id) : undefined;
    return community ? localizedName(community.name, lang) : '';
  };
  const named = new Map<string, number>();
  for (const community of communities) named.set(name(community.id), (named.get(name(community.id)) ?? 0) + 1);
  const rayons = new Map(units.map((unit) => [unit.code, unit]));
  const choice = (id: string) => {
    const plain = name(id);
    const rayon = rayons.get(byId.get(id)?.rayonCode ?? '');
    return (named.get(plain) ?? 0) > 1 && rayon ? `${plain} (${localizedName(rayon.name, lang)})` : plain;
  };
  const compare = nameOrder(lang);
  const list = [...communities].sort((a, b) => compare(choice(a.id), choice(b.id)));
  return { list, name, choice };
}
