import { useTranslation } from '../../i18n/use-translation';
import { GENDERS, PARTICIPANT_ROLES } from '../../core/model';
import { formatNumber } from '../../i18n/format';
import { useLanguage } from '../../ui/use-app-data';

interface TallyFieldProps {
  /** "role.gender" → the count as typed. */
  value: Record<string, string>;
  onChange: (value: Record<string, string>) => void;
  /** Keys ("tally.role.gender") of boxes that hold no whole number. */
  errors: Partial<Record<string, string>>;
}

/** Head counts by role and gender for people whose names are not taken, with the totals as you type. */
export function TallyField({ value, onChange, errors }: TallyFieldProps) {
  const { t } = useTranslation('workshops');
  const { t: te } = useTranslation('errors');
  const lang = useLanguage();
  const count = (key: string) => (/^\d+$/.test(value[key]?.trim() ?? '') ? Number(value[key]) : 0);
  const genderTotal = (gender: string) => PARTICIPANT_ROLES.reduce((sum, role) => sum + count(`${role}.${gender}`), 0);
  const invalid = Object.keys(errors).filter((key) => key.startsWith('tally.'));
  return (
    <fieldset className={invalid.length ? 'field tally field-invalid' : 'field tally'}>
      <legend>{t('form.tally')}</legend>
      <p className="field-hint">{t('form.tallyHint')}</p>
      <table className="tally-table">
        <thead>
          <tr>
            <th scope="col">{t('report.role')}</th>
            {GENDERS.map((gender) => (
              <th key={gender} scope="col">
                {t(`gender.${gender}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PARTICIPANT_ROLES.map((role) => (
            <tr key={role}>
              <th scope="row">{t(`role.${role}`)}</th>
              {GENDERS.map((gender) => {
                const key = `${role}.${gender}`;
                return (
                  <td key={gender}>
                    <input
                      type="text"
                      inputMode="numeric"
                      pattern="[0-9]*"
                      maxLength={6}
                      className="tally-input"
                      aria-label={`${t(`role.${role}`)}: ${t(`gender.${gender}`)}`}
                      aria-invalid={errors[`tally.${key}`] ? true : undefined}
                      value={value[key] ?? ''}
                      onChange={(event) => onChange({ ...value, [key]: event.target.value })}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('report.total')}</th>
            {GENDERS.map((gender) => (
              <td key={gender} className="tally-total" data-testid={`tally-total-${gender}`}>
                {formatNumber(genderTotal(gender), lang)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      {invalid.length > 0 && (
        <p className="field-error" role="alert">
          {te(errors[invalid[0]!]!)}
        </p>
      )}
    </fieldset>
  );
}
