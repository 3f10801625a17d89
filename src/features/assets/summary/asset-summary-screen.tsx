import { BarController, BarElement, CategoryScale, Chart, LinearScale } from 'chart.js';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSET_CATEGORIES, ASSET_CONDITIONS } from '../../../core/model';
import { listAssets } from '../../../db/assets';
import { db } from '../../../db/instance';
import { formatNumber } from '../../../i18n/format';
import { Page } from '../../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../../ui/use-app-data';

// Only the parts of Chart.js a bar chart needs; this screen's chunk is the only one that loads it.
Chart.register(BarController, BarElement, CategoryScale, LinearScale);

interface Bar {
  key: string;
  label: string;
  value: number;
}

/** A bar chart, with the same numbers as a table for screen readers and for copying. */
function BarChart({ title, bars, colour, testId }: { title: string; bars: Bar[]; colour: string; testId: string }) {
  const { t } = useTranslation('assets');
  const lang = useLanguage();
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!canvas.current || !box.current) return undefined;
    // Set through the DOM: the page's security policy allows no inline style attributes.
    box.current.style.height = `${bars.length * 34 + 40}px`;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: bars.map((bar) => bar.label), datasets: [{ data: bars.map((bar) => bar.value), backgroundColor: colour, borderRadius: 4 }] },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
      },
    });
    return () => chart.destroy();
  }, [bars, colour]);
  return (
    <section className="card summary-chart" data-testid={testId}>
      <h2>{title}</h2>
      <div ref={box} className="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <table className="summary-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('summary.what')}</th>
            <th scope="col">{t('summary.count')}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td>{formatNumber(bar.value, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Counts of the community's assets by category and by condition. */
export function AssetSummaryScreen() {
  const { t } = useTranslation('assets');
  const community = useCurrentCommunity();
  const assets = useLiveQuery(() => (community ? listAssets(db, community.id) : Promise.resolve([])), [community?.id]);
  const byCategory = useMemo(
    () => assets && ASSET_CATEGORIES.map((category) => ({ key: category, label: t(`category.${category}`), value: assets.filter((asset) => asset.category === category).length })),
    [assets, t],
  );
  const byCondition = useMemo(
    () =>
      assets &&
      [...ASSET_CONDITIONS, 'unknown' as const].map((condition) => ({
        key: condition,
        label: t(`condition.${condition}`),
        value: assets.filter((asset) => (asset.condition ?? 'unknown') === condition).length,
      })),
    [assets, t],
  );
  return (
    <Page title={t('summary.title')} backTo="/assets">
      {assets && byCategory && byCondition && (
        <>
          <p className="lead">{t('count', { count: assets.length })}</p>
          <BarChart title={t('summary.byCategory')} bars={byCategory} colour="#0b5d52" testId="by-category" />
          <BarChart title={t('summary.byCondition')} bars={byCondition} colour="#8a6508" testId="by-condition" />
        </>
      )}
    </Page>
  );
}
