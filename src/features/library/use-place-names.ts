import { useLiveQuery } from 'dexie-react-hooks';
import { localizedName, type Language } from '../../core/model';
import { db } from '../../db/instance';
import { oblastOf } from '../../core/gazetteer';

/** "Rayon, oblast" for a rayon's COATE code, from the gazetteer on the phone. */
export function usePlaceNames(rayonCode: string | null, lang: Language): string | null {
  return (
    useLiveQuery(async () => {
      if (!rayonCode) return null;
      const [rayon, oblast] = await Promise.all([db.adminUnits.get(rayonCode), db.adminUnits.get(oblastOf(rayonCode) ?? '')]);
      return [rayon, oblast !== rayon ? oblast : undefined]
        .filter((unit) => unit !== undefined)
        .map((unit) => localizedName(unit.name, lang))
        .join(', ');
    }, [rayonCode, lang]) ?? null
  );
}
