import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { GENDERS, PARTICIPANT_ROLES, type Participant } from '../../core/model';
import { participantFormSchema, WORKSHOP_LIMITS } from '../../core/validation';
import { db } from '../../db/instance';
import { saveParticipant } from '../../db/workshops';
import { Checkbox, Segmented } from '../../ui/choices';
import { SelectField, TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { communityOptions, participantFormValues, type WorkshopPartFormProps } from './workshop-model';

interface ParticipantFormProps extends WorkshopPartFormProps {
  /** Absent when adding someone. */
  participant?: Participant;
}

/** Adds one named participant, or corrects one. What is typed survives a reload as a draft. */
export function ParticipantForm({ workshop, participant, communities, onDone }: ParticipantFormProps) {
  const { t } = useTranslation('workshops');
  const { t: tc } = useTranslation();
  const initial = useMemo(() => participantFormValues(participant), [participant]);
  const draftKey = participant ? `participant:${participant.id}` : `participant:new:${workshop.id}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: participantFormSchema,
    write: ({ gender, role, fromCommunityId, phone, phoneConsent, name }) =>
      saveParticipant(
        db,
        workshop,
        participant?.id,
        { name, gender: gender || null, role: role || null, fromCommunityId: fromCommunityId || null, phone: phoneConsent ? phone : '', phoneConsent },
        { clearDraft: draftKey },
      ),
    onSaved: onDone,
  });
  const values = form.values;
  if (!values) return null;

  return (
    <RecordFormFrame
      form={form}
      className="form inline-form"
      label={participant ? t('participants.edit') : t('participants.add')}
      submitLabel={participant ? tc('actions.save') : t('participants.addButton')}
      onCancelled={onDone}
    >
      <TextField label={t('participants.name')} {...form.field('name')} required maxLength={WORKSHOP_LIMITS.name} autoComplete="off" />
      <Segmented
        legend={t('participants.gender')}
        name="gender"
        options={(['', ...GENDERS] as const).map((gender) => ({ value: gender, label: t(`gender.${gender || 'unknown'}`) }))}
        {...form.field('gender')}
      />
      <SelectField
        label={t('participants.role')}
        {...form.field('role')}
        options={PARTICIPANT_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        placeholder={t('role.unknown')}
      />
      {/* The event's own communities first: that is where people come from. */}
      <SelectField
        label={t('participants.community')}
        {...form.field('fromCommunityId')}
        options={communityOptions(workshop, communities, true)}
        placeholder={t('form.noCommunity')}
      />
      <Checkbox
        label={t('participants.phoneConsent')}
        checked={values.phoneConsent}
        onChange={(phoneConsent) => form.update({ phoneConsent })}
        error={form.errors.phoneConsent}
      />
      {values.phoneConsent && (
        <TextField type="tel" inputMode="tel" label={t('participants.phone')} {...form.field('phone')} maxLength={WORKSHOP_LIMITS.phone} autoComplete="off" />
      )}
    </RecordFormFrame>
  );
}
