import i18next from 'i18next';
import { ASSET_CATEGORIES, LANGUAGES, type Asset } from '../../core/model';
import { toCsv, toGeoJson, type Cell, type GeoJsonFeature } from '../../core/export';
import { loadAllLanguages } from '../../i18n/setup';

// Loaded only when someone exports: the list screen does not carry it.

const COLUMNS = [
  'id',
  'name',
  'category',
  ...LANGUAGES.map((lang) => `category_${lang}`),
  'condition',
  'description',
  'steward',
  'access',
  'dispute',
  'tags',
  'latitude',
  'longitude',
  'accuracy_m',
  'photos',
  'created_at',
  'updated_at',
] as const;

async function namer() {
  await loadAllLanguages();
  const fixed = Object.fromEntries(LANGUAGES.map((lang) => [lang, i18next.getFixedT(lang, 'assets')]));
  return (category: string, lang: (typeof LANGUAGES)[number]) =>
    (ASSET_CATEGORIES as readonly string[]).includes(category) ? fixed[lang]!(`category.${category}`) : category;
}

function rowOf(asset: Asset, name: Awaited<ReturnType<typeof namer>>): Record<(typeof COLUMNS)[number], Cell> {
  return {
    id: asset.id,
    name: asset.name,
    category: asset.category,
    category_ky: name(asset.category, 'ky'),
    category_ru: name(asset.category, 'ru'),
    category_en: name(asset.category, 'en'),
    condition: asset.condition ?? '',
    description: asset.description ?? '',
    steward: asset.steward ?? '',
    access: asset.access ?? '',
    dispute: asset.dispute ?? '',
    tags: (asset.tags ?? []).join(', '),
    latitude: asset.location?.lat ?? null,
    longitude: asset.location?.lng ?? null,
    accuracy_m: asset.location?.accuracy ?? null,
    photos: (asset.photos ?? []).length,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
  };
}

export async function assetsCsv(assets: readonly Asset[]): Promise<Blob> {
  const name = await namer();
  const rows = assets.map((asset) => {
    const row = rowOf(asset, name);
    return COLUMNS.map((column) => row[column]);
  });
  return new Blob([toCsv(COLUMNS, rows)], { type: 'text/csv;charset=utf-8' });
}

export async function assetsGeoJson(assets: readonly Asset[]): Promise<Blob> {
  const name = await namer();
  const features: GeoJsonFeature[] = assets.map((asset) => {
    const { latitude: _lat, longitude: _lng, ...properties } = rowOf(asset, name);
    return {
      type: 'Feature',
      id: asset.id,
      geometry: asset.location ? { type: 'Point', coordinates: [asset.location.lng, asset.location.lat] } : null,
      properties,
    };
  });
  return new Blob([toGeoJson(features)], { type: 'application/geo+json' });
}
