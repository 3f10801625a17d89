import type { Language } from '../../core/model';

/** A settlement of the offline map: GeoNames' name in Latin letters, and its Kyrgyz and Russian names where a source gives them. */
export interface BasemapPlace {
  name: string;
  ky?: string;
  ru?: string;
  lat: number;
  lng: number;
  population: number;
}

/**
 * The name a settlement is labelled with, and the language it is in (for the label's `lang`): the
 * reader's language where a source gives it; otherwise the other Cyrillic name (a Kyrgyz reader
 * reads the Russian form, and the other way round); otherwise GeoNames' Latin name. Never a made-up
 * translation (see docs/map-data.md).
 */
export function placeLabel(place: BasemapPlace, lang: Language): { text: string; lang: Language } {
  const order: Language[] = lang === 'ky' ? ['ky', 'ru'] : lang === 'ru' ? ['ru', 'ky'] : [];
  for (const candidate of order) {
    const name = place[candidate as 'ky' | 'ru'];
    if (name) return { text: name, lang: candidate };
  }
  return { text: place.name, lang: 'en' };
}
