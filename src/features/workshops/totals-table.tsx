import { useTranslation } from '../../i18n/use-translation';
import { GENDERS, PARTICIPANT_ROLES } from '../../core/model';
import type { ParticipantTotals } from '../../core/workshops';
import { formatNumber } from '../../i18n/format';
import { useLanguage } from '../../ui/use-app-data';
import { TableScroll } from '../../ui/table-scroll';

/** Participants by role and gender, with totals: the head count and the named list together. */
export function TotalsTable({ totals }: { totals: ParticipantTotals }) {
  const { t } = useTranslation('workshops');
  const lang = useLanguage();
  const genders = [...GENDERS, ...(totals.byGender.unknown > 0 ? (['unknown'] as const) : [])];
  const roles = [...PARTICIPANT_ROLES, 'unknown' as const].filter((role) => totals.byRole[role] > 0);
  const n = (value: number) => formatNumber(value, lang);
  return (
    <TableScroll label={t('report.byRoleAndGender')}>
      <table className="summary-table totals-table" data-testid="totals">
        <caption className="visually-hidden">{t('report.byRoleAndGender')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.role')}</th>
            {genders.map((gender) => (
              <th key={gender} scope="col">
                {t(`gender.${gender}`)}
              </th>
            ))}
            <th scope="col">{t('report.total')}</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => (
            <tr key={role}>
              <th scope="row">{t(`role.${role}`)}</th>
              {genders.map((gender) => (
                <td key={gender}>{n(totals.grid[role][gender])}</td>
              ))}
              <td>{n(totals.byRole[role])}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('report.total')}</th>
            {genders.map((gender) => (
              <td key={gender} data-testid={`total-${gender}`}>
                {n(totals.byGender[gender])}
              </td>
            ))}
            <td data-testid="total-all">{n(totals.total)}</td>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
