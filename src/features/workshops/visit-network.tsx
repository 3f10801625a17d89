import { useTranslation } from '../../i18n/use-translation';
import type { VisitLink } from '../../core/workshops';
import { formatNumber, nameOrder } from '../../i18n/format';
import { useLanguage } from '../../ui/use-app-data';
import { TableScroll } from '../../ui/table-scroll';

const SIZE = 320;
const RADIUS = 105;
/** Past this many communities a drawing is a tangle: the table alone says it better. */
const MAX_DRAWN = 24;

function shorten(name: string): string {
  return name.length > 14 ? `${name.slice(0, 13)}…` : name;
}

/**
 * Who visited whom: the communities on a circle, an arrow from each visiting community to its host,
 * thicker for more visits; and the same as a table.
 */
export function VisitNetwork({ links, name }: { links: VisitLink[]; name: (id: string) => string }) {
  const { t } = useTranslation('workshops');
  const lang = useLanguage();
  const compare = nameOrder(lang);
  const nodes = [...new Set(links.flatMap((link) => [link.from, link.to]))].sort((a, b) => compare(name(a), name(b)));
  const at = new Map(
    nodes.map((id, index) => {
      const angle = (2 * Math.PI * index) / nodes.length - Math.PI / 2;
      return [id, { x: SIZE / 2 + RADIUS * Math.cos(angle), y: SIZE / 2 + RADIUS * Math.sin(angle), angle }];
    }),
  );
  const hosted = (id: string) => links.filter((link) => link.to === id).reduce((sum, link) => sum + link.visits, 0);
  return (
    <section className="card summary-chart" data-testid="visit-network">
      <h2>{t('insight.network')}</h2>
      <p className="field-hint">{t('insight.networkHint')}</p>
      {links.length === 0 ? (
        <p>{t('insight.noVisits')}</p>
      ) : (
        <>
          {nodes.length <= MAX_DRAWN && (
            <svg className="visit-network" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={t('insight.network')}>
              <defs>
                <marker id="visit-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                  <path d="M0,0 L10,5 L0,10 z" fill="#0b5d52" />
                </marker>
              </defs>
              {links.map((link) => {
                const from = at.get(link.from)!;
                const to = at.get(link.to)!;
                // Stop short of the host's dot so the arrowhead shows.
                const dx = to.x - from.x;
                const dy = to.y - from.y;
                const length = Math.hypot(dx, dy) || 1;
                const end = { x: to.x - (dx / length) * 9, y: to.y - (dy / length) * 9 };
                return (
                  <line
                    key={`${link.from}>${link.to}`}
                    x1={from.x}
                    y1={from.y}
                    x2={end.x}
                    y2={end.y}
                    stroke="#0b5d52"
                    strokeOpacity="0.7"
                    strokeWidth={Math.min(1 + link.visits, 6)}
                    markerEnd="url(#visit-arrow)"
                  />
                );
              })}
              {nodes.map((id) => {
                const point = at.get(id)!;
                const right = Math.cos(point.angle) >= 0;
                const labelX = SIZE / 2 + (RADIUS + 10) * Math.cos(point.angle);
                const labelY = SIZE / 2 + (RADIUS + 10) * Math.sin(point.angle);
                return (
                  <g key={id}>
                    <circle cx={point.x} cy={point.y} r={hosted(id) > 0 ? 7 : 5} fill={hosted(id) > 0 ? '#8a6508' : '#fff'} stroke="#0b5d52" strokeWidth="2" />
                    <text x={labelX} y={labelY + 4} fontSize="10" textAnchor={right ? 'start' : 'end'} fill="#1d2a28">
                      {shorten(name(id))}
                    </text>
                  </g>
                );
              })}
            </svg>
          )}
          <TableScroll label={t('insight.network')}>
            <table className="summary-table">
              <caption className="visually-hidden">{t('insight.network')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('insight.visitor')}</th>
                  <th scope="col">{t('insight.host')}</th>
                  <th scope="col">{t('insight.visits')}</th>
                </tr>
              </thead>
              <tbody>
                {links.map((link) => (
                  <tr key={`${link.from}>${link.to}`}>
                    <th scope="row">{name(link.from)}</th>
                    <th scope="row">{name(link.to)}</th>
                    <td>{formatNumber(link.visits, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
