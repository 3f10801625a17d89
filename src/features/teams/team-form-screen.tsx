import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate, useParams } from 'react-router';
import { TOPICS } from '../../core/model';
import { TEAM_LIMITS } from '../../core/protocol-basics';
import { teamFormSchema, type TeamFormValues } from '../../core/team-validation';
import { newId } from '../../core/ids';
import { db } from '../../db/instance';
import { createTeam, updateTeam } from '../../db/teams';
import { CheckboxGroup } from '../../ui/choices';
import { TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { MissingRecordPage, Page } from '../../ui/page';
import { PickList } from '../../ui/pick-list';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useCommunities } from '../../ui/use-communities';
import { usePeople } from '../../ui/use-people';
import { useTeam } from './use-teams';
import { useSession } from '../../ui/use-session';
import { mayMentor } from '../../core/teams';

/**
 * A learning team: its name, topics, the other communities in it and (for the help desk, who have
 * the list of people) its mentors. The phone's community leads a new team.
 */
export function TeamFormScreen() {
  const { id } = useParams();
  const isNew = id === undefined;
  const { t } = useTranslation('teams');
  const { t: tl } = useTranslation('library');
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  const communities = useCommunities();
  const bundle = useTeam(id);
  const session = useSession();
  // The help desk picks mentors: they have the list of people (GET /people), kept for offline use.
  const picksMentors = mayMentor(session?.user.role ?? '');
  const people = usePeople(picksMentors);
  const recordId = useMemo(() => id ?? newId(), [id]);
  const initial = useMemo<(TeamFormValues & { recordId: string }) | undefined>(() => {
    if (isNew) return { name: '', topics: [], memberCommunityIds: [], mentorIds: [], recordId };
    if (!bundle) return undefined;
    const { team } = bundle;
    return { name: team.name, topics: team.topics ?? [], memberCommunityIds: team.memberCommunityIds ?? [], mentorIds: team.mentorIds ?? [], recordId };
  }, [isNew, bundle, recordId]);
  const draftKey = isNew ? 'team:new' : `team:${id}`;
  const lead = isNew ? community?.id : bundle?.team.communityId;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: teamFormSchema,
    ready: Boolean(lead),
    write: (value, values) =>
      isNew ? createTeam(db, lead!, value, { clearDraft: draftKey, id: values.recordId }) : updateTeam(db, id, value, { clearDraft: draftKey }),
    onSaved: ({ values }) => void navigate(`/teams/${values.recordId}`, { replace: isNew }),
  });

  if (!isNew && bundle === null) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/teams" />;
  const backTo = isNew ? '/teams' : `/teams/${id}`;
  const communityOptions = (communities?.list ?? [])
    .filter((option) => option.id !== lead)
    .map((option) => ({ value: option.id, label: communities!.choice(option.id) }));
  const mentorOptions = (people ?? []).filter((person) => person.mayMentor).map((person) => ({ value: person.id, label: person.displayName }));

  return (
    <Page title={isNew ? t('form.newTitle') : t('form.editTitle')} backTo={backTo}>
      {form.values && (
        <RecordFormFrame form={form} onCancelled={() => void navigate(backTo)}>
          <p className="field-hint">{t('form.autosaved')}</p>
          <TextField label={t('field.name')} {...form.field('name')} required maxLength={TEAM_LIMITS.name} />
          <CheckboxGroup
            legend={t('field.topics')}
            options={TOPICS.map((topic) => ({ value: topic, label: tl(`topic.${topic}`) }))}
            {...form.field('topics')}
          />
          <PickList
            legend={t('field.memberCommunityIds')}
            hint={t('field.memberHint')}
            options={communityOptions}
            {...form.field('memberCommunityIds')}
            addLabel={t('field.addCommunity')}
            fallbackLabel={t('field.unknownCommunity')}
          />
          {picksMentors ? (
            <PickList
              legend={t('field.mentorIds')}
              hint={t('field.mentorHint')}
              options={mentorOptions}
              {...form.field('mentorIds')}
              addLabel={t('field.addMentor')}
              fallbackLabel={t('field.unknownPerson')}
            />
          ) : (
            <p className="field-hint">{t('field.mentorsLater')}</p>
          )}
        </RecordFormFrame>
      )}
    </Page>
  );
}
