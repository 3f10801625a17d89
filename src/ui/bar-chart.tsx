import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale } from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/use-translation';
import { formatNumber } from '../i18n/format';
import { useLanguage } from './use-app-data';
import { TableScroll } from './table-scroll';

// Only the parts of Chart.js a bar chart needs. Import this module only from lazily loaded screens:
// the app shell must not carry Chart.js.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend);

export interface Series {
  label: string;
  colour: string;
  values: number[];
}

interface BarChartProps {
  title: string;
  /** One label per bar (or per stack of bars). */
  labels: string[];
  /** One series draws plain bars; several are stacked, with a legend. */
  series: Series[];
  testId: string;
  /** Vertical bars (e.g. months) rather than horizontal ones (e.g. categories with long names). */
  vertical?: boolean;
}

/** A bar chart, with the same numbers as a table for screen readers and for copying. */
export function BarChart({ title, labels, series, testId, vertical = false }: BarChartProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const stacked = series.length > 1;
  useEffect(() => {
    if (!canvas.current || !box.current) return undefined;
    // Set through the DOM: the page's security policy allows no inline style attributes.
    box.current.style.height = vertical ? '220px' : `${labels.length * 34 + (stacked ? 70 : 40)}px`;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: series.map((item) => ({ label: item.label, data: item.values, backgroundColor: item.colour, borderRadius: 4 })) },
      options: {
        indexAxis: vertical ? 'x' : 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: stacked, position: 'bottom' }, tooltip: { enabled: false } },
        scales: {
          x: { stacked, beginAtZero: true, ticks: { precision: 0, autoSkip: vertical } },
          y: { stacked, beginAtZero: true, ticks: { precision: 0, autoSkip: false } },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, series, stacked, vertical]);
  return (
    <section className="card summary-chart" data-testid={testId}>
      <h2>{title}</h2>
      <div ref={box} className="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <TableScroll label={title}>
        <table className="summary-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart.what')}</th>
              {series.map((item) => (
                <th key={item.label} scope="col">
                  {stacked ? item.label : t('chart.count')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, index) => (
              <tr key={`${label}-${index}`}>
                <th scope="row">{label}</th>
                {series.map((item) => (
                  <td key={item.label}>{formatNumber(item.values[index] ?? 0, lang)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
