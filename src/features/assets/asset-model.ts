import { ASSET_CATEGORIES, ASSET_CONDITIONS, type Asset } from '../../core/model';
import { newestFirst } from '../../db/assets';
import type { AsharDb, LocalDoc } from '../../db/database';

export const ASSET_SORTS = ['newest', 'name', 'category', 'condition'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];
export const ASSET_PERIODS = { week: 7, month: 30, year: 365 } as const;

export interface AssetFilters {
  category: string;
  condition: string;
  recordedBy: string;
  period: string;
  sort: AssetSort;
}

/** The assets a list shows for these filters, in order. Plain code, so it is tested and timed alone. */
export function filterAssets(assets: readonly LocalDoc<Asset>[], filters: AssetFilters, me: string | null, lang: string, now = Date.now()): LocalDoc<Asset>[] {
  const since = filters.period in ASSET_PERIODS ? new Date(now - ASSET_PERIODS[filters.period as keyof typeof ASSET_PERIODS] * 86_400_000).toISOString() : '';
  const shown = assets.filter(
    (asset) =>
      (!filters.category || asset.category === filters.category) &&
      (!filters.condition || (asset.condition ?? 'unknown') === filters.condition) &&
      (!filters.recordedBy || (filters.recordedBy === 'me' ? asset.createdBy === me : asset.createdBy !== me)) &&
      (!since || asset.createdAt >= since),
  );
  const collator = new Intl.Collator(lang);
  const conditionRank = (asset: Asset) => (asset.condition ? ASSET_CONDITIONS.indexOf(asset.condition) : ASSET_CONDITIONS.length);
  const compare: Record<AssetSort, (a: Asset, b: Asset) => number> = {
    newest: newestFirst,
    name: (a, b) => collator.compare(a.name, b.name),
    category: (a, b) => ASSET_CATEGORIES.indexOf(a.category) - ASSET_CATEGORIES.indexOf(b.category) || collator.compare(a.name, b.name),
    condition: (a, b) => conditionRank(b) - conditionRank(a) || collator.compare(a.name, b.name),
  };
  return shown.sort(compare[filters.sort]);
}

/** Filters as the list's address keeps them (for "back"), and back. */
export function filtersFromParams(params: URLSearchParams): AssetFilters {
  const sort = params.get('sort') ?? '';
  return {
    category: params.get('category') ?? '',
    condition: params.get('condition') ?? '',
    recordedBy: params.get('by') ?? '',
    period: params.get('period') ?? '',
    sort: (ASSET_SORTS as readonly string[]).includes(sort) ? (sort as AssetSort) : 'newest',
  };
}

export function paramsFromFilters(filters: AssetFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.category) params.set('category', filters.category);
  if (filters.condition) params.set('condition', filters.condition);
  if (filters.recordedBy) params.set('by', filters.recordedBy);
  if (filters.period) params.set('period', filters.period);
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  return params;
}

export const isUnfiltered = (filters: AssetFilters) =>
  !filters.category && !filters.condition && !filters.recordedBy && !filters.period && filters.sort === 'newest';

/** A picked value in words: a category or condition by its name, tags joined. */
export function showAssetValue(t: (key: string) => string, field: string, value: unknown): string {
  if (field === 'category' && typeof value === 'string') return t(`category.${value}`);
  if (field === 'condition') return t(`condition.${typeof value === 'string' && value ? value : 'unknown'}`);
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' && value ? value : '—';
}

// The list's first rows, remembered for the next visit: coming back to the list then draws them at
// once while the database confirms. Any change to assets (a save, a sync) makes them stale.
let firstRows: { communityId: string; rows: LocalDoc<Asset>[] } | null = null;
let watching: AsharDb | null = null;

export function rememberFirstRows(communityId: string, rows: LocalDoc<Asset>[]): void {
  // Without the watch, nothing would say when they are stale: keep nothing then.
  if (watching) firstRows = { communityId, rows };
}

export function rememberedFirstRows(communityId: string | undefined): LocalDoc<Asset>[] | undefined {
  return firstRows && firstRows.communityId === communityId ? firstRows.rows : undefined;
}

/** Started once by the app: forgets the remembered rows whenever an asset is written. */
export function watchAssetChanges(db: AsharDb): void {
  if (watching === db) return;
  watching = db;
  const forget = () => {
    firstRows = null;
  };
  db.assets.hook('creating', forget);
  db.assets.hook('updating', forget);
  db.assets.hook('deleting', forget);
}
