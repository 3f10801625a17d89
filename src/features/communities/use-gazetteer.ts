import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { localizedName, type AdminUnit, type Community, type Language } from '../../core/model';
import { listAdminUnits, listCommunities } from '../../db/gazetteer';
import { db } from '../../db/instance';
import { nameOrder } from '../../i18n/format';

export interface Gazetteer {
  /** Oblasts and the two cities of republican significance, the first choice in a picker. */
  regions: AdminUnit[];
  rayonsOf: (regionCode: string) => AdminUnit[];
  communitiesIn: (rayonCode: string) => Community[];
  unit: (code: string | null) => AdminUnit | undefined;
  /** The region a rayon or city belongs to (a city is its own region). */
  regionOf: (code: string | null) => string;
  communities: Community[];
}

export function useGazetteer(lang: Language): Gazetteer | undefined {
  const units = useLiveQuery(() => listAdminUnits(db), []);
  const communities = useLiveQuery(() => listCommunities(db), []);
  return useMemo(() => {
    if (!units || !communities) return undefined;
    const compare = nameOrder(lang);
    const byName = <T extends { name: AdminUnit['name'] }>(a: T, b: T) => compare(localizedName(a.name, lang), localizedName(b.name, lang));
    const byCode = new Map(units.map((unit) => [unit.code, unit]));
    return {
      regions: units.filter((unit) => unit.level !== 'rayon').sort(byName),
      rayonsOf: (regionCode) => {
        const region = byCode.get(regionCode);
        if (region?.level === 'city') return [region];
        return units.filter((unit) => unit.parentCode === regionCode).sort(byName);
      },
      communitiesIn: (rayonCode) => communities.filter((community) => community.rayonCode === rayonCode).sort(byName),
      unit: (code) => (code ? byCode.get(code) : undefined),
      regionOf: (code) => {
        const unit = code ? byCode.get(code) : undefined;
        return unit?.parentCode ?? unit?.code ?? '';
      },
      communities: [...communities].sort(byName),
    };
  }, [units, communities, lang]);
}
