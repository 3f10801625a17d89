import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { PLAN_SECTIONS } from '../../core/model';
import { changedContent, planContent, planFormSchema, planFormValues } from '../../core/team-validation';
import { planId, teamCommunities } from '../../core/teams';
import { TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { ActivitiesField, BudgetField } from './plan-rows';
import { PlanRecordPage, SectionTextArea, type PlanFormProps } from './plan-record-page';
import { usePlanRecordForm } from './use-teams';

/** Hints shown under the sections that need one. */
const HINTED = new Set(['problem', 'learningObjectives', 'learnWhat', 'inclusion', 'dissemination']);

/**
 * The team's plan, written together offline, section by section (a per-field merge as everywhere:
 * two people changing different sections both keep theirs; the same one shows the other value).
 * Everything typed is a draft until saved; saving writes the plan, not a round.
 */
export function PlanScreen() {
  const { t } = useTranslation('teams');
  return (
    <PlanRecordPage
      title={t('plan.editTitle')}
      fields={PLAN_SECTIONS}
      show={(_, value) => (typeof value === 'string' ? value : '')}
      form={(props) => <PlanForm {...props} />}
    />
  );
}

function PlanForm({ team, plan, readOnly, onDone }: PlanFormProps) {
  const { t } = useTranslation('teams');
  const initial = useMemo(() => planFormValues(plan), [plan]);
  const form = usePlanRecordForm({
    team,
    draftKey: `plan:${planId(team.id)}`,
    initial,
    schema: planFormSchema,
    changes: (opened, typed, checked) => changedContent(opened, typed, planContent(checked)),
    onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} readOnly={readOnly} onCancelled={onDone} label={t('plan.editTitle')}>
      <p className="field-hint">{t('plan.intro')}</p>
      {PLAN_SECTIONS.map((section) => {
        if (section === 'activities') return <ActivitiesField key={section} form={form} communityIds={teamCommunities(team)} />;
        if (section === 'budget') return <BudgetField key={section} form={form} />;
        if (section === 'title') return <TextField key={section} label={t('section.title')} {...form.field('title')} maxLength={300} />;
        return <SectionTextArea key={section} form={form} section={section} hinted={HINTED.has(section)} />;
      })}
    </RecordFormFrame>
  );
}
