import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PLAN_SECTIONS, type Team } from '../../core/model';
import { TEAM_LIMITS } from '../../core/protocol-basics';
import { changedContent, planContent, planFormSchema, planFormValues } from '../../core/team-validation';
import { planId, teamCommunities } from '../../core/teams';
import { db } from '../../db/instance';
import { savePlan } from '../../db/teams';
import { ConflictNotice } from '../../ui/conflict-notice';
import { TextArea, TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { MissingRecordPage, Page } from '../../ui/page';
import { ActivitiesField, BudgetField } from './plan-rows';
import { useTeam, useTeamRoles } from './use-teams';

/** Hints shown under the sections that need one. */
const HINTED = new Set(['problem', 'learningObjectives', 'learnWhat', 'inclusion', 'dissemination']);

/**
 * The team's plan, written together offline, section by section (a per-field merge as everywhere:
 * two people changing different sections both keep theirs; the same one shows the other value).
 * Everything typed is a draft until saved; saving writes the plan, not a round.
 */
export function PlanScreen() {
  const { id } = useParams();
  const { t } = useTranslation('teams');
  const navigate = useNavigate();
  const bundle = useTeam(id);
  const roles = useTeamRoles(bundle?.team);
  if (bundle === null || !id) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/teams" />;
  if (!bundle) return null;
  return (
    <Page title={t('plan.editTitle')} backTo={`/teams/${id}`}>
      <p className="field-hint">{bundle.team.name}</p>
      {bundle.plan && (
        <ConflictNotice
          collection="plans"
          record={bundle.plan}
          label={(field) => t(`section.${field}`)}
          show={(_, value) => (typeof value === 'string' ? value : '')}
          editable={roles.writes}
          fields={PLAN_SECTIONS}
        />
      )}
      <PlanForm team={bundle.team} plan={bundle.plan} readOnly={!roles.writes} onDone={() => void navigate(`/teams/${id}`)} />
    </Page>
  );
}

function PlanForm({ team, plan, readOnly, onDone }: { team: Team; plan: Parameters<typeof planFormValues>[0]; readOnly: boolean; onDone: () => void }) {
  const { t } = useTranslation('teams');
  const initial = useMemo(() => planFormValues(plan), [plan]);
  // The plan as the form opened on it: only the sections this person changed from it are written,
  // so sections others wrote meanwhile (synced while this form was open, or not yet on this phone)
  // are not written over with what this phone had.
  const [opened] = useState(initial);
  const draftKey = `plan:${planId(team.id)}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: planFormSchema,
    write: (value, values) => savePlan(db, team, changedContent(opened, values, planContent(value)), { clearDraft: draftKey }),
    onSaved: onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} readOnly={readOnly} onCancelled={onDone} label={t('plan.editTitle')}>
      <p className="field-hint">{t('plan.intro')}</p>
      {PLAN_SECTIONS.map((section) => {
        if (section === 'activities') return <ActivitiesField key={section} form={form} communityIds={teamCommunities(team)} />;
        if (section === 'budget') return <BudgetField key={section} form={form} />;
        if (section === 'title') return <TextField key={section} label={t('section.title')} {...form.field('title')} maxLength={300} />;
        return (
          <TextArea
            key={section}
            label={t(`section.${section}`)}
            hint={HINTED.has(section) ? t(`section.${section}Hint`) : undefined}
            {...form.field(section)}
            maxLength={TEAM_LIMITS.section}
          />
        );
      })}
    </RecordFormFrame>
  );
}
