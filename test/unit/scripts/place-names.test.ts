import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminCentreNames, latinKey, readMoCatalogue } from '../../../scripts/place-names';
import basemap from '../../../src/ui/map/kg-basemap.json';
import { placeLabel, type BasemapPlace } from '../../../src/ui/map/place-label';

/** A gettext .mo catalogue as msgfmt writes it (little-endian, no hash table). */
function moFile(messages: [string, string][]): Buffer {
  const header = 28;
  const tables = header + messages.length * 16;
  const texts: Buffer[] = [];
  let offset = tables;
  const entries = (pick: 0 | 1) =>
    messages.map((message) => {
      const bytes = Buffer.from(message[pick], 'utf8');
      const entry = [bytes.length, offset];
      texts.push(bytes, Buffer.from([0]));
      offset += bytes.length + 1;
      return entry;
    });
  const originals = entries(0);
  const translations = entries(1);
  const head = Buffer.alloc(tables);
  [0x950412de, 0, messages.length, header, header + messages.length * 8, 0, 0].forEach((value, index) => head.writeUInt32LE(value, index * 4));
  [...originals, ...translations].forEach(([length, start], index) => {
    head.writeUInt32LE(length!, header + index * 8);
    head.writeUInt32LE(start!, header + index * 8 + 4);
  });
  return Buffer.concat([head, ...texts]);
}

describe('settlement names for the offline map', () => {
  it('reads GeoNames ids and names from a gettext catalogue', () => {
    const catalogue = readMoCatalogue(
      moFile([
        ['1527592', 'Нарын'],
        ['1528121', 'Каракол'],
      ]),
    );
    expect([...catalogue]).toEqual([
      ['1527592', 'Нарын'],
      ['1528121', 'Каракол'],
    ]);
  });

  it('names an administrative centre in Kyrgyz only from a unit named after it, matched by spelling and place', () => {
    const centres = adminCentreNames(readFileSync(join(__dirname, '../../../docs/kg-admin-units.csv'), 'utf8'));
    const named = (latin: string, lat: number, lng: number) => centres.find((centre) => centre.matches(latin, lat, lng))?.names;
    expect(named('Batken', 40.0626, 70.8194)).toEqual({ ky: 'Баткен' });
    // "Özgön District", centre "Özgön (Uzgen)": GeoNames spells it Uzgen.
    expect(named('Uzgen', 40.7699, 73.3007)).toEqual({ ky: 'Өзгөн' });
    expect(named('Tyup', 42.7276, 78.3648)).toEqual({ ky: 'Түп' });
    expect(named('Bishkek', 42.87, 74.59)).toEqual({ ky: 'Бишкек', ru: 'Бишкек' });
    // Aksy District's centre is Kerben: the district's name is not the town's.
    expect(named('Kerben', 41.494, 71.7583)).toBeUndefined();
    // Another Ak-Suu, in Batken, far from the Ak-Suu that is Ak-Suu District's centre.
    expect(named('Ak-Suu', 42.4995, 78.527)).toEqual({ ky: 'Ак-Суу' });
    expect(named('Ak-Suu', 39.8988, 69.3716)).toBeUndefined();
    expect(latinKey('At-Bashy')).toBe(latinKey('At-Bashi'));
    expect(latinKey('Kara Suu')).toBe(latinKey('Kara-Suu'));
  });

  it('labels a settlement in the reader language, else in the other Cyrillic name, else in Latin; never made up', () => {
    const tokmok: BasemapPlace = { name: 'Tokmok', ky: 'Токмок', ru: 'Токмак', lat: 42.84, lng: 75.3, population: 63047 };
    const balykchy: BasemapPlace = { name: 'Balykchy', ru: 'Балыкчи', lat: 42.46, lng: 76.19, population: 40000 };
    const tayan: BasemapPlace = { name: 'Tayan', lat: 39.9, lng: 71.1, population: 0 };
    expect(placeLabel(tokmok, 'ky')).toEqual({ text: 'Токмок', lang: 'ky' });
    expect(placeLabel(tokmok, 'ru')).toEqual({ text: 'Токмак', lang: 'ru' });
    expect(placeLabel(tokmok, 'en')).toEqual({ text: 'Tokmok', lang: 'en' });
    expect(placeLabel(balykchy, 'ky')).toEqual({ text: 'Балыкчи', lang: 'ru' });
    expect(placeLabel(tayan, 'ky')).toEqual({ text: 'Tayan', lang: 'en' });
  });

  it('ship with Kyrgyz and Russian names in Cyrillic for the five towns always labelled', () => {
    const places = basemap.places as BasemapPlace[];
    for (const place of places) {
      for (const name of [place.ky, place.ru]) if (name) expect(name, place.name).toMatch(/^[\p{Script=Cyrillic}][\p{Script=Cyrillic}\s\-’'.()]*$/u);
    }
    expect(places.slice(0, 5).map((place) => [place.ky, place.ru])).toEqual([
      ['Бишкек', 'Бишкек'],
      ['Ош', 'Ош'],
      ['Жалал-Абад', 'Джалал-Абад'],
      ['Каракол', 'Каракол'],
      ['Токмок', 'Токмак'],
    ]);
  });
});
