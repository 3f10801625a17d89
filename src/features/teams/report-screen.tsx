import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { REPORT_SECTIONS, type Plan, type Team } from '../../core/model';
import { TEAM_LIMITS } from '../../core/protocol-basics';
import { changedSectionsOf, reportFormSchema, reportFormValues } from '../../core/team-validation';
import { planId } from '../../core/teams';
import { db } from '../../db/instance';
import { savePlan } from '../../db/teams';
import { ConflictNotice } from '../../ui/conflict-notice';
import { TextArea } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { MissingRecordPage, Page } from '../../ui/page';
import { useTeam, useTeamRoles } from './use-teams';

/** Hints shown under the report's sections that need one. */
const HINTED = new Set(['reportResults', 'reportLessons']);

/**
 * The team's final report, written together offline once the plan is approved, section by section
 * (per-field merge, as the plan): what the team achieved, what worked and what did not, its
 * lessons. Each member community's case study starts from it.
 */
export function ReportScreen() {
  const { id } = useParams();
  const { t } = useTranslation('teams');
  const navigate = useNavigate();
  const bundle = useTeam(id);
  const roles = useTeamRoles(bundle?.team);
  if (bundle === null || !id) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/teams" />;
  if (!bundle) return null;
  return (
    <Page title={t('report.editTitle')} backTo={`/teams/${id}`}>
      <p className="field-hint">{bundle.team.name}</p>
      {bundle.plan && (
        <ConflictNotice collection="plans" record={bundle.plan} label={(field) => t(`section.${field}`)} editable={roles.writes} fields={REPORT_SECTIONS} />
      )}
      <ReportForm team={bundle.team} plan={bundle.plan} readOnly={!roles.writes} onDone={() => void navigate(`/teams/${id}`)} />
    </Page>
  );
}

function ReportForm({ team, plan, readOnly, onDone }: { team: Team; plan: Plan | undefined; readOnly: boolean; onDone: () => void }) {
  const { t } = useTranslation('teams');
  const initial = useMemo(() => reportFormValues(plan), [plan]);
  // As in the plan's form: only the sections this person changed are written.
  const [opened] = useState(initial);
  const draftKey = `report:${planId(team.id)}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: reportFormSchema,
    write: (value, values) => savePlan(db, team, changedSectionsOf(REPORT_SECTIONS, opened, values, value), { clearDraft: draftKey }),
    onSaved: onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} readOnly={readOnly} onCancelled={onDone} label={t('report.editTitle')}>
      <p className="field-hint">{t('report.intro')}</p>
      {REPORT_SECTIONS.map((section) => (
        <TextArea
          key={section}
          label={t(`section.${section}`)}
          hint={HINTED.has(section) ? t(`section.${section}Hint`) : undefined}
          {...form.field(section)}
          maxLength={TEAM_LIMITS.section}
        />
      ))}
    </RecordFormFrame>
  );
}
