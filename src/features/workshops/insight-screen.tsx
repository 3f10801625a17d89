import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { GENDERS, PARTICIPANT_ROLES, WORKSHOP_TYPES } from '../../core/model';
import { byWorkshop, participantTotals, sumTotals, visitLinks } from '../../core/workshops';
import { db } from '../../db/instance';
import { listWorkshops, participantsOfCommunities } from '../../db/workshops';
import { formatMonth, formatNumber } from '../../i18n/format';
import { BarChart } from '../../ui/bar-chart';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { useLanguage } from '../../ui/use-app-data';
import { useMyCommunityIds } from './use-workshop-data';
import { useCommunities } from '../../ui/use-communities';
import { VisitNetwork } from './visit-network';

const GENDER_COLOURS = { female: '#b3416b', male: '#2f6fa3', unknown: '#8c8c8c' } as const;
/** At most this many months on the chart: the latest ones. */
const MONTHS_SHOWN = 18;

/** Months from the first to the last, as YYYY-MM. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = last.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** The events at a glance: how many of which kind and when, who took part, and who learnt from whom. */
export function InsightScreen() {
  const { t } = useTranslation('workshops');
  const lang = useLanguage();
  const scope = useMyCommunityIds();
  const communities = useCommunities();
  const data = useLiveQuery(async () => {
    if (scope === undefined) return undefined;
    const events = await listWorkshops(db, scope ?? undefined);
    return { events, participants: await participantsOfCommunities(db, scope) };
  }, [scope?.join()]);

  const charts = useMemo(() => {
    if (!data) return undefined;
    const { events, participants } = data;
    const types = WORKSHOP_TYPES.filter((type) => events.some((event) => event.type === type));
    const months = events.length ? monthsBetween(events.at(-1)!.startDate.slice(0, 7), events[0]!.startDate.slice(0, 7)).slice(-MONTHS_SHOWN) : [];
    const people = byWorkshop(participants);
    const totals = sumTotals(events.map((event) => participantTotals(event.tally, people.get(event.id) ?? [])));
    const genders = [...GENDERS, ...(totals.byGender.unknown ? (['unknown'] as const) : [])];
    const roles = [...PARTICIPANT_ROLES, 'unknown' as const].filter((role) => totals.byRole[role] > 0);
    return {
      byType: {
        labels: types.map((type) => t(`type.${type}`)),
        series: [{ label: t('insight.events'), colour: '#0b5d52', values: types.map((type) => events.filter((event) => event.type === type).length) }],
      },
      byMonth: {
        labels: months.map((month) => formatMonth(month, lang)),
        series: [
          { label: t('insight.events'), colour: '#0b5d52', values: months.map((month) => events.filter((event) => event.startDate.startsWith(month)).length) },
        ],
      },
      byGender: {
        labels: genders.map((gender) => t(`gender.${gender}`)),
        series: [{ label: t('insight.people'), colour: '#8a6508', values: genders.map((gender) => totals.byGender[gender]) }],
      },
      byRole: {
        labels: roles.map((role) => t(`role.${role}`)),
        series: genders.map((gender) => ({
          label: t(`gender.${gender}`),
          colour: GENDER_COLOURS[gender],
          values: roles.map((role) => totals.grid[role][gender]),
        })),
      },
      total: totals.total,
      links: visitLinks(events),
    };
  }, [data, lang, t]);

  return (
    <Page title={t('insight.title')} backTo="/workshops">
      {charts && communities && data && (
        <>
          {data.events.length === 0 ? (
            <EmptyState title={t('empty.title')}>
              <p>{t('empty.text')}</p>
            </EmptyState>
          ) : (
            <>
              <p className="lead">
                {t('insight.lead', { count: data.events.length, events: formatNumber(data.events.length, lang), people: formatNumber(charts.total, lang) })}
              </p>
              <BarChart title={t('insight.byType')} labels={charts.byType.labels} series={charts.byType.series} testId="by-type" />
              <BarChart title={t('insight.byMonth')} labels={charts.byMonth.labels} series={charts.byMonth.series} testId="by-month" vertical />
              {charts.total > 0 && (
                <>
                  <BarChart title={t('insight.byGender')} labels={charts.byGender.labels} series={charts.byGender.series} testId="by-gender" />
                  <BarChart title={t('insight.byRole')} labels={charts.byRole.labels} series={charts.byRole.series} testId="by-role" />
                </>
              )}
              <VisitNetwork links={charts.links} name={(id) => communities.name(id) || t('unknownCommunity')} />
            </>
          )}
        </>
      )}
    </Page>
  );
}
