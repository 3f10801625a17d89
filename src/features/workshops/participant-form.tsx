import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GENDERS, PARTICIPANT_ROLES, type Participant, type Workshop } from '../../core/model';
import { participantFormSchema, validate, WORKSHOP_LIMITS, type FieldErrors, type ParticipantFormValues } from '../../core/validation';
import { db } from '../../db/instance';
import { saveParticipant } from '../../db/workshops';
import { Checkbox } from '../../ui/choices';
import { focusFirstInvalid, SelectField, TextField } from '../../ui/field';
import { useFormDraft } from '../../ui/use-form-draft';
import { FormProblem } from '../../ui/form-problem';
import type { CommunityNames } from './use-workshop-data';

interface ParticipantFormProps {
  workshop: Pick<Workshop, 'id' | 'communityId' | 'hostCommunityId' | 'visitingCommunityIds'>;
  /** Absent when adding someone. */
  participant?: Participant;
  communities: CommunityNames;
  onDone: () => void;
}

/** Adds one named participant, or corrects one. What is typed survives a reload as a draft. */
export function ParticipantForm({ workshop, participant, communities, onDone }: ParticipantFormProps) {
  const { t } = useTranslation('workshops');
  const { t: tc } = useTranslation();
  const initial = useMemo<ParticipantFormValues>(
    () => ({
      name: participant?.name ?? '',
      gender: participant?.gender ?? '',
      role: participant?.role ?? '',
      fromCommunityId: participant?.fromCommunityId ?? '',
      phone: participant?.phone ?? '',
      phoneConsent: participant?.phoneConsent ?? false,
    }),
    [participant],
  );
  const form = useFormDraft<ParticipantFormValues>(participant ? `participant:${participant.id}` : `participant:new:${workshop.id}`, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const values = form.values;
  if (!values) return null;

  // The event's own communities first: that is where people come from.
  const near = new Set([workshop.hostCommunityId, workshop.communityId, ...(workshop.visitingCommunityIds ?? [])].filter(Boolean));
  const options = [...communities.list.filter((community) => near.has(community.id)), ...communities.list.filter((community) => !near.has(community.id))].map(
    (community) => ({ value: community.id, label: communities.name(community.id) }),
  );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values) return;
    const result = validate(participantFormSchema, values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstInvalid();
      return;
    }
    const { gender, role, fromCommunityId, phone, phoneConsent, name } = result.value;
    try {
      await saveParticipant(db, workshop, participant?.id, {
        name,
        gender: gender || null,
        role: role || null,
        fromCommunityId: fromCommunityId || null,
        phone: phoneConsent ? phone : '',
        phoneConsent,
      });
    } catch (error) {
      form.saveFailed(error);
      return;
    }
    await form.discard();
    setErrors({});
    onDone();
  }

  async function onCancel() {
    await form.discard();
    onDone();
  }

  return (
    <form className="form inline-form" onSubmit={onSubmit} noValidate aria-label={participant ? t('participants.edit') : t('participants.add')}>
      <TextField label={t('participants.name')} value={values.name} onChange={(name) => form.update({ name })} error={errors.name} required maxLength={WORKSHOP_LIMITS.name} autoComplete="off" />
      <fieldset className="segmented">
        <legend>{t('participants.gender')}</legend>
        {(['', ...GENDERS] as const).map((gender) => (
          <label key={gender || 'unknown'} className={values.gender === gender ? 'segment segment-active' : 'segment'}>
            <input type="radio" name="gender" className="visually-hidden" checked={values.gender === gender} onChange={() => form.update({ gender })} />
            {t(`gender.${gender || 'unknown'}`)}
          </label>
        ))}
      </fieldset>
      <SelectField
        label={t('participants.role')}
        value={values.role}
        onChange={(role) => form.update({ role: role as ParticipantFormValues['role'] })}
        options={PARTICIPANT_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        placeholder={t('role.unknown')}
        error={errors.role}
      />
      <SelectField
        label={t('participants.community')}
        value={values.fromCommunityId}
        onChange={(fromCommunityId) => form.update({ fromCommunityId })}
        options={options}
        placeholder={t('form.noCommunity')}
      />
      <Checkbox label={t('participants.phoneConsent')} checked={values.phoneConsent} onChange={(phoneConsent) => form.update({ phoneConsent })} error={errors.phoneConsent} />
      {values.phoneConsent && (
        <TextField type="tel" inputMode="tel" label={t('participants.phone')} value={values.phone} onChange={(phone) => form.update({ phone })} error={errors.phone} maxLength={WORKSHOP_LIMITS.phone} autoComplete="off" />
      )}
      <FormProblem problem={form.problem} />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {participant ? tc('actions.save') : t('participants.addButton')}
        </button>
        <button type="button" className="button" onClick={() => void onCancel()}>
          {tc('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
