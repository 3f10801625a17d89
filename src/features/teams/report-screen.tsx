import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { REPORT_SECTIONS } from '../../core/model';
import { changedSectionsOf, reportFormSchema, reportFormValues } from '../../core/team-validation';
import { planId } from '../../core/teams';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { PlanRecordPage, SectionTextArea, type PlanFormProps } from './plan-record-page';
import { usePlanRecordForm } from './use-teams';

/** Hints shown under the report's sections that need one. */
const HINTED = new Set(['reportResults', 'reportLessons']);

/**
 * The team's final report, written together offline once the plan is approved, section by section
 * (per-field merge, as the plan): what the team achieved, what worked and what did not, its
 * lessons. Each member community's case study starts from it.
 */
export function ReportScreen() {
  const { t } = useTranslation('teams');
  return <PlanRecordPage title={t('report.editTitle')} fields={REPORT_SECTIONS} form={(props) => <ReportForm {...props} />} />;
}

function ReportForm({ team, plan, readOnly, onDone }: PlanFormProps) {
  const { t } = useTranslation('teams');
  const initial = useMemo(() => reportFormValues(plan), [plan]);
  const form = usePlanRecordForm({
    team,
    draftKey: `report:${planId(team.id)}`,
    initial,
    schema: reportFormSchema,
    changes: (opened, typed, checked) => changedSectionsOf(REPORT_SECTIONS, opened, typed, checked),
    onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} readOnly={readOnly} onCancelled={onDone} label={t('report.editTitle')}>
      <p className="field-hint">{t('report.intro')}</p>
      {REPORT_SECTIONS.map((section) => (
        <SectionTextArea key={section} form={form} section={section} hinted={HINTED.has(section)} />
      ))}
    </RecordFormFrame>
  );
}
