import Papa from 'papaparse';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv } from '../../../src/core/export';
import type { Asset } from '../../../src/core/model';
import { assetsCsv, assetsGeoJson } from '../../../src/features/assets/asset-export';
import { filterAssets, type AssetFilters } from '../../../src/features/assets/asset-model';
import { startI18n } from '../../../src/i18n/setup';
import type { LocalDoc } from '../../../src/db/database';

beforeAll(async () => {
  if (!i18next.isInitialized) await startI18n('ky');
});

const asset = (patch: Partial<Asset>): LocalDoc<Asset> => ({
  id: crypto.randomUUID(),
  communityId: 'c',
  createdBy: 'me',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  name: 'Булак',
  category: 'natural',
  description: '',
  _v: {},
  _deleted: 0,
  ...patch,
});

describe('asset exports', () => {
  const assets = [
    asset({
      name: 'Тоо булагы, "жогорку"',
      description: 'Саптар:\nбиринчи\nэкинчи',
      location: { lat: 40.0612, lng: 70.8201, accuracy: 8 },
      tags: ['суу', 'жаштар'],
      condition: 'good',
    }),
    asset({ name: '=HYPERLINK("http://evil")', category: 'physical', description: '+SUM(A1)', steward: '@admin', location: { lat: -12.5, lng: -70.25 } }),
    asset({ name: 'Жайыт', category: 'solution' }),
  ];

  it('writes CSV that Excel reads as UTF-8 and that parses back to the same values', async () => {
    const bytes = new Uint8Array(await (await assetsCsv(assets)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n');
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(3);
    const [spring, evil, pasture] = parsed.data;
    expect(spring).toMatchObject({
      name: 'Тоо булагы, "жогорку"',
      description: 'Саптар:\nбиринчи\nэкинчи',
      latitude: '40.0612',
      longitude: '70.8201',
      accuracy_m: '8',
      tags: 'суу, жаштар',
      condition: 'good',
    });
    expect(spring).toMatchObject({ category: 'natural', category_ky: 'Жаратылыш ресурсу', category_ru: expect.any(String), category_en: 'Natural' });
    expect(spring!.category_ru).not.toBe('');
    // Formulas are made inert; negative numbers stay numbers.
    expect(evil).toMatchObject({ name: `'=HYPERLINK("http://evil")`, description: "'+SUM(A1)", steward: "'@admin", latitude: '-12.5', longitude: '-70.25' });
    expect(pasture).toMatchObject({ latitude: '', longitude: '' });
  });

  it('writes GeoJSON with [longitude, latitude] points and the same properties', async () => {
    const collection = JSON.parse(await (await assetsGeoJson(assets)).text());
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features[0].geometry).toEqual({ type: 'Point', coordinates: [70.8201, 40.0612] });
    expect(collection.features[0].properties).toMatchObject({ name: 'Тоо булагы, "жогорку"', category_en: 'Natural', accuracy_m: 8 });
    expect(collection.features[2].geometry).toBeNull();
  });

  it('neutralises every formula lead character', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${lead}1`)).toBe(`'${lead}1`);
    expect(neutraliseFormula('Ош')).toBe('Ош');
    expect(toCsv(['a'], [[-5], ['-5']])).toBe("\uFEFFa\r\n-5\r\n'-5\r\n");
  });
});

describe('asset list filters', () => {
  const now = Date.parse('2026-11-23T00:00:00Z');
  const list = [
    asset({ name: 'Б', category: 'natural', condition: 'poor', createdBy: 'me', createdAt: '2026-11-22T00:00:00.000Z', updatedAt: '2026-11-22T00:00:00.000Z' }),
    asset({ name: 'А', category: 'physical', createdBy: 'other', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' }),
    asset({
      name: 'В',
      category: 'natural',
      condition: 'good',
      createdBy: 'other',
      createdAt: '2026-11-10T00:00:00.000Z',
      updatedAt: '2026-11-10T00:00:00.000Z',
    }),
  ];
  const base: AssetFilters = { category: '', condition: '', recordedBy: '', period: '', sort: 'newest' };
  const names = (filters: Partial<AssetFilters>) => filterAssets(list, { ...base, ...filters }, 'me', 'ky', now).map((a) => a.name);

  it('filters by category, condition, who recorded it and when, and sorts', () => {
    expect(names({})).toEqual(['Б', 'В', 'А']);
    expect(names({ category: 'natural' })).toEqual(['Б', 'В']);
    expect(names({ condition: 'unknown' })).toEqual(['А']);
    expect(names({ recordedBy: 'me' })).toEqual(['Б']);
    expect(names({ recordedBy: 'others', period: 'month' })).toEqual(['В']);
    expect(names({ period: 'week' })).toEqual(['Б']);
    expect(names({ sort: 'name' })).toEqual(['А', 'Б', 'В']);
    expect(names({ sort: 'condition' })).toEqual(['А', 'Б', 'В']);
  });
});
