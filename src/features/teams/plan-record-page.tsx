import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate, useParams } from 'react-router';
import type { Plan, Team } from '../../core/model';
import { TEAM_LIMITS } from '../../core/protocol-basics';
import { ConflictNotice } from '../../ui/conflict-notice';
import { TextArea } from '../../ui/field';
import { MissingRecordPage, Page } from '../../ui/page';
import { useTeam, useTeamRoles } from './use-teams';

export interface PlanFormProps {
  team: Team;
  plan: Plan | undefined;
  readOnly: boolean;
  onDone: () => void;
}

/**
 * A page that writes the team's plan record (the plan, or its final report): the team's name, the
 * conflicts among the fields it shows, and its form, read-only for whoever may not write the plan.
 */
export function PlanRecordPage({
  title,
  fields,
  show,
  form,
}: {
  title: string;
  fields: readonly string[];
  show?: (field: string, value: unknown) => string;
  form: (props: PlanFormProps) => ReactNode;
}) {
  const { id } = useParams();
  const { t } = useTranslation('teams');
  const navigate = useNavigate();
  const bundle = useTeam(id);
  const roles = useTeamRoles(bundle?.team);
  if (bundle === null || !id) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/teams" />;
  if (!bundle) return null;
  return (
    <Page title={title} backTo={`/teams/${id}`}>
      <p className="field-hint">{bundle.team.name}</p>
      {bundle.plan && (
        <ConflictNotice collection="plans" record={bundle.plan} label={(field) => t(`section.${field}`)} show={show} editable={roles.writes} fields={fields} />
      )}
      {form({ team: bundle.team, plan: bundle.plan, readOnly: !roles.writes, onDone: () => void navigate(`/teams/${id}`) })}
    </Page>
  );
}

/** One written section of the plan's record as a text area, with its hint under it when it has one. */
export function SectionTextArea<S extends string>({
  form,
  section,
  hinted,
}: {
  form: { field: (name: S) => { value: string; onChange: (value: string) => void; error: string | undefined } };
  section: S;
  hinted: boolean;
}) {
  const { t } = useTranslation('teams');
  return (
    <TextArea
      label={t(`section.${section}`)}
      hint={hinted ? t(`section.${section}Hint`) : undefined}
      {...form.field(section)}
      maxLength={TEAM_LIMITS.section}
    />
  );
}
