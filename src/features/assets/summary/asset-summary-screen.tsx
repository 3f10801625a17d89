import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from '../../../i18n/use-translation';
import { ASSET_CATEGORIES, ASSET_CONDITIONS } from '../../../core/model';
import { listAssets } from '../../../db/assets';
import { db } from '../../../db/instance';
import { BarChart } from '../../../ui/bar-chart';
import { Page } from '../../../ui/page';
import { useCurrentCommunity } from '../../../ui/use-app-data';

/** Counts of the community's assets by category and by condition. */
export function AssetSummaryScreen() {
  const { t } = useTranslation('assets');
  const community = useCurrentCommunity();
  const assets = useLiveQuery(() => (community ? listAssets(db, community.id) : Promise.resolve([])), [community?.id]);
  const byCategory = useMemo(
    () =>
      assets && {
        labels: ASSET_CATEGORIES.map((category) => t(`category.${category}`)),
        series: [
          {
            label: t('summary.byCategory'),
            colour: '#0b5d52',
            values: ASSET_CATEGORIES.map((category) => assets.filter((asset) => asset.category === category).length),
          },
        ],
      },
    [assets, t],
  );
  const byCondition = useMemo(() => {
    if (!assets) return undefined;
    const conditions = [...ASSET_CONDITIONS, 'unknown' as const];
    return {
      labels: conditions.map((condition) => t(`condition.${condition}`)),
      series: [
        {
          label: t('summary.byCondition'),
          colour: '#8a6508',
          values: conditions.map((condition) => assets.filter((asset) => (asset.condition ?? 'unknown') === condition).length),
        },
      ],
    };
  }, [assets, t]);
  return (
    <Page title={t('summary.title')} backTo="/assets">
      {assets && byCategory && byCondition && (
        <>
          <p className="lead">{t('count', { count: assets.length })}</p>
          <BarChart title={t('summary.byCategory')} labels={byCategory.labels} series={byCategory.series} testId="by-category" />
          <BarChart title={t('summary.byCondition')} labels={byCondition.labels} series={byCondition.series} testId="by-condition" />
        </>
      )}
    </Page>
  );
}
