import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ASSET_CATEGORIES, ASSET_CONDITIONS, firstThumb, type Asset } from '../../core/model';
import { listReadableAssets, newestAssets } from '../../db/assets';
import type { LocalDoc } from '../../db/database';
import { db } from '../../db/instance';
import { getMeta } from '../../db/meta';
import { formatDate } from '../../i18n/format';
import { EmptyState } from '../../ui/empty-state';
import { useQueryFollows } from '../../ui/use-typed-param';
import { SelectField } from '../../ui/field';
import { IconPlus } from '../../ui/icons';
import { Page } from '../../ui/page';
import { CardBody, PlaceNote } from '../../ui/record-card';
import { saveFile } from '../../ui/save-file';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { CategoryIcon } from './category-icon';
import {
  ASSET_PERIODS,
  ASSET_SORTS,
  filterAssets,
  filtersFromParams,
  isUnfiltered,
  paramsFromFilters,
  rememberedFirstRows,
  rememberFirstRows,
  type AssetFilters,
} from './asset-model';

// A first guess at a row's height; each drawn row is then measured (titles wrap, meta lines too).
const ROW_HEIGHT = 96;
const FIRST_ROWS = 12;

export function AssetListScreen() {
  const { t } = useTranslation('assets');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const state = useLocation().state as { saved?: boolean; photoProblem?: string | null } | null;
  const [params] = useSearchParams();
  // Filters answer at once from local state; the address (kept for "back") follows after the list.
  const [filters, setFilters] = useState<AssetFilters>(() => filtersFromParams(params));
  useQueryFollows(paramsFromFilters(filters), 300, state);
  // The newest assets come first, by index, so the list paints at once; then all of them load
  // (thousands take a moment on a slow phone) for filters, order and scrolling. One after the
  // other: the database answers in turn, and the small read must not wait behind the big one.
  const unfiltered = isUnfiltered(filters);
  const firstRows = useLiveQuery(
    async () => {
      if (!community) return null;
      const rows = await newestAssets(db, community.id, FIRST_ROWS);
      rememberFirstRows(community.id, rows);
      return rows;
    },
    [community?.id],
    // Shown at once when coming back to the list, while the database confirms.
    rememberedFirstRows(community?.id),
  );
  const assets = useLiveQuery(
    () => (community && firstRows !== undefined ? listReadableAssets(db, community.id) : Promise.resolve(undefined)),
    [community?.id, firstRows !== undefined],
  );
  const me = useLiveQuery(async () => (await getMeta<string>(db, 'userId')) ?? null, []);
  // Typing in a filter never waits for a 10,000-row re-sort: the list follows a moment later.
  const deferredFilters = useDeferredValue(JSON.stringify(filters));
  const shown = useMemo(
    () => (assets ? filterAssets(assets, JSON.parse(deferredFilters) as AssetFilters, me ?? null, lang) : undefined),
    [assets, deferredFilters, me, lang],
  );

  const setFilter = (key: keyof AssetFilters, value: string) => setFilters((current) => ({ ...current, [key]: value || (key === 'sort' ? 'newest' : '') }));

  const addButton = (
    <>
      <Link to="/assets/map" className="button">
        {t('map.open')}
      </Link>
      <Link to="/assets/summary" className="button">
        {t('summary.open')}
      </Link>
      <Link to="/assets/new" className="button button-primary">
        <IconPlus />
        {t('add')}
      </Link>
    </>
  );

  return (
    <Page title={t('title')} actions={addButton}>
      <p className="notice notice-success" role="status" hidden={!state?.saved}>
        {t('saved')}
      </p>
      {state?.photoProblem && (
        <p className="notice notice-warning" role="alert">
          {t('photoProblem')} <PhotoProblem code={state.photoProblem} />
        </p>
      )}
      {assets === undefined ? (
        unfiltered && firstRows && firstRows.length > 0 ? (
          <ul className="record-list" aria-busy="true">
            {firstRows.map((asset) => (
              <li key={asset.id} className="first-row">
                <AssetRow asset={asset} lang={lang} />
              </li>
            ))}
          </ul>
        ) : null
      ) : assets.length === 0 ? (
        <EmptyState title={t('empty.title')}>
          <p>{t('empty.text')}</p>
        </EmptyState>
      ) : (
        <>
          <details className="filters">
            <summary>{t('list.filters')}</summary>
            <div className="filters-body">
              <SelectField
                label={t('field.category')}
                value={filters.category}
                onChange={(value) => setFilter('category', value)}
                placeholder={t('list.any')}
                options={ASSET_CATEGORIES.map((category) => ({ value: category, label: t(`category.${category}`) }))}
              />
              <SelectField
                label={t('field.condition')}
                value={filters.condition}
                onChange={(value) => setFilter('condition', value)}
                placeholder={t('list.any')}
                options={[...ASSET_CONDITIONS, 'unknown' as const].map((condition) => ({ value: condition, label: t(`condition.${condition}`) }))}
              />
              <SelectField
                label={t('list.recordedBy')}
                value={filters.recordedBy}
                onChange={(value) => setFilter('recordedBy', value)}
                placeholder={t('list.anyone')}
                options={[
                  { value: 'me', label: t('list.byMe') },
                  { value: 'others', label: t('list.byOthers') },
                ]}
              />
              <SelectField
                label={t('list.period')}
                value={filters.period}
                onChange={(value) => setFilter('period', value)}
                placeholder={t('list.anyTime')}
                options={Object.keys(ASSET_PERIODS).map((period) => ({ value: period, label: t(`list.periods.${period}`) }))}
              />
              <SelectField
                label={t('list.sort')}
                value={filters.sort}
                onChange={(value) => setFilter('sort', value)}
                options={ASSET_SORTS.map((sort) => ({ value: sort, label: t(`list.sorts.${sort}`) }))}
              />
            </div>
          </details>
          {shown && (
            <>
              <div className="list-toolbar">
                <p className="list-count" aria-live="polite">
                  {t('count', { count: shown.length })}
                </p>
                <ExportButtons assets={shown} />
              </div>
              <VirtualAssetList assets={shown} lang={lang} shownFor={deferredFilters} />
            </>
          )}
        </>
      )}
    </Page>
  );
}

function PhotoProblem({ code }: { code: string }) {
  const { t } = useTranslation();
  return <>{t(code)}</>;
}

/**
 * Only the rows on screen are drawn, so 10,000 assets scroll as smoothly as ten. Each drawn row is
 * measured, so a name over two lines or a meta line that wraps in Kyrgyz is never cut.
 */
const VirtualAssetList = memo(function VirtualAssetList({
  assets,
  lang,
  shownFor,
}: {
  assets: LocalDoc<Asset>[];
  lang: ReturnType<typeof useLanguage>;
  shownFor: string;
}) {
  const [listTop, setListTop] = useState(0);
  // Measured heights are kept by asset, not by place in the list: a filter change then draws the
  // rows already seen at their height at once. (A new key function makes the virtualizer lay out
  // every row again, so it changes only with the list.)
  const itemKey = useCallback((index: number) => assets[index]!.id, [assets]);
  const virtualizer = useWindowVirtualizer({
    count: assets.length,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: itemKey,
    overscan: 6,
    scrollMargin: listTop,
  });
  return (
    <ul
      className="record-list virtual-list"
      data-filters={shownFor}
      ref={(element) => {
        if (element && Math.abs(element.offsetTop - listTop) > 1) setListTop(element.offsetTop);
      }}
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const asset = assets[row.index]!;
        return (
          <li
            key={asset.id}
            className="virtual-row"
            data-index={row.index}
            ref={virtualizer.measureElement}
            style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
          >
            <AssetRow asset={asset} lang={lang} />
          </li>
        );
      })}
    </ul>
  );
});

// Memoised: the list redraws as each row is measured and on every scroll step; a row redraws only
// when its asset or the language changes.
const AssetRow = memo(function AssetRow({ asset, lang }: { asset: LocalDoc<Asset>; lang: ReturnType<typeof useLanguage> }) {
  const { t } = useTranslation('assets');
  return (
    <Link to={`/assets/${asset.id}`} className="record-link">
      <span className="record-title">{asset.name}</span>
      <CardBody thumb={firstThumb(asset.photos)} fallback={<CategoryIcon category={asset.category} />}>
        <span className="record-meta">
          <span>{[t(`category.${asset.category}`), asset.condition && t(`condition.${asset.condition}`)].filter(Boolean).join(' · ')}</span>
          <span>{formatDate(asset.updatedAt, lang)}</span>
          {asset.location && <PlaceNote location={asset.location} />}
        </span>
      </CardBody>
    </Link>
  );
});

function ExportButtons({ assets }: { assets: LocalDoc<Asset>[] }) {
  const { t } = useTranslation('assets');
  const [busy, setBusy] = useState(false);
  async function exportAs(kind: 'csv' | 'geojson') {
    setBusy(true);
    try {
      const { assetsCsv, assetsGeoJson } = await import('./asset-export');
      const stamp = new Date().toISOString().slice(0, 10);
      saveFile(kind === 'csv' ? await assetsCsv(assets) : await assetsGeoJson(assets), `ashar-assets-${stamp}.${kind}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="export-buttons">
      <button type="button" className="button" disabled={busy} onClick={() => void exportAs('csv')}>
        {t('list.exportCsv')}
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void exportAs('geojson')}>
        {t('list.exportGeoJson')}
      </button>
    </div>
  );
}
