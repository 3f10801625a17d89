import { useTranslation } from '../../i18n/use-translation';
import { newId } from '../../core/ids';
import { RESOURCE_SOURCES } from '../../core/model';
import type { PlanFormValues } from '../../core/team-validation';
import { amountInSom } from '../../core/validation';
import { formatNumber } from '../../i18n/format';
import { SelectField, TextField } from '../../ui/field';
import type { RecordForm } from '../../ui/form/use-record-form';
import { useLanguage } from '../../ui/use-app-data';
import { useCommunities } from '../../ui/use-communities';
import * as v from 'valibot';

type PlanForm = RecordForm<PlanFormValues & Record<string, unknown>>;
type Activity = PlanFormValues['activities'][number];
type BudgetRow = PlanFormValues['budget'][number];

/** One row's field: its value, how to change it, and its error (the form keys them `list.index.field`). */
function rowField<R extends Record<string, string>>(form: PlanForm, list: 'activities' | 'budget', rows: R[], index: number, name: keyof R & string) {
  return {
    value: rows[index]![name]!,
    onChange: (value: string) => form.update({ [list]: rows.map((row, at) => (at === index ? { ...row, [name]: value } : row)) } as never),
    error: form.errors[`${list}.${index}.${name}`],
  };
}

/** The plan's activities: what, when, and which of the team's communities hosts it. */
export function ActivitiesField({ form, communityIds }: { form: PlanForm; communityIds: readonly string[] }) {
  const { t } = useTranslation('teams');
  const communities = useCommunities();
  const rows = form.values!.activities as Activity[];
  const set = (next: Activity[]) => form.update({ activities: next } as never);
  return (
    <fieldset className="field plan-rows">
      <legend>{t('section.activities')}</legend>
      {rows.map((row, index) => (
        <div key={row.id} className="plan-row card">
          <TextField label={t('plan.activityTitle')} {...rowField(form, 'activities', rows, index, 'title')} required maxLength={300} />
          {/* One under the other: inside a card two date fields side by side are too narrow for a date on a phone. */}
          <TextField type="date" label={t('plan.from')} {...rowField(form, 'activities', rows, index, 'from')} />
          <TextField type="date" label={t('plan.to')} {...rowField(form, 'activities', rows, index, 'to')} />
          <SelectField
            label={t('plan.host')}
            {...rowField(form, 'activities', rows, index, 'hostCommunityId')}
            options={communityIds.map((id) => ({ value: id, label: communities?.choice(id) || t('field.unknownCommunity') }))}
            placeholder={t('plan.noHost')}
          />
          <button type="button" className="button button-small" onClick={() => set(rows.filter((_, at) => at !== index))}>
            {t('plan.removeRow')}
          </button>
        </div>
      ))}
      <button type="button" className="button" onClick={() => set([...rows, { id: newId(), title: '', from: '', to: '', hostCommunityId: '' }])}>
        {t('plan.addActivity')}
      </button>
    </fieldset>
  );
}

/** The plan's budget: lines in som with where the money comes from, and their total. */
export function BudgetField({ form }: { form: PlanForm }) {
  const { t } = useTranslation('teams');
  const { t: tl } = useTranslation('library');
  const lang = useLanguage();
  const rows = form.values!.budget as BudgetRow[];
  const set = (next: BudgetRow[]) => form.update({ budget: next } as never);
  const total = rows.reduce((sum, row) => {
    const amount = v.safeParse(amountInSom, row.amountSom);
    return sum + (amount.success && amount.output !== null ? amount.output : 0);
  }, 0);
  return (
    <fieldset className="field plan-rows">
      <legend>{t('section.budget')}</legend>
      {rows.map((row, index) => (
        <div key={row.id} className="plan-row card">
          <TextField label={t('plan.item')} {...rowField(form, 'budget', rows, index, 'item')} required maxLength={300} />
          <TextField label={t('plan.amount')} inputMode="decimal" {...rowField(form, 'budget', rows, index, 'amountSom')} required maxLength={20} />
          <SelectField
            label={t('plan.source')}
            {...rowField(form, 'budget', rows, index, 'source')}
            options={RESOURCE_SOURCES.map((source) => ({ value: source, label: tl(`source.${source}`) }))}
            required
          />
          <button type="button" className="button button-small" onClick={() => set(rows.filter((_, at) => at !== index))}>
            {t('plan.removeRow')}
          </button>
        </div>
      ))}
      {rows.length > 0 && <p className="record-meta">{t('plan.total', { amount: formatNumber(total, lang) })}</p>}
      <button type="button" className="button" onClick={() => set([...rows, { id: newId(), item: '', amountSom: '', source: 'local_budget' }])}>
        {t('plan.addBudgetLine')}
      </button>
    </fieldset>
  );
}
