import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpAction, Workshop } from '../../core/model';
import { actionFormSchema, validate, WORKSHOP_LIMITS, type ActionFormValues, type FieldErrors } from '../../core/validation';
import { db } from '../../db/instance';
import { saveAction } from '../../db/workshops';
import { focusFirstInvalid, SelectField, TextArea, TextField } from '../../ui/field';
import { useFormDraft } from '../../ui/use-form-draft';
import { FormProblem } from '../../ui/form-problem';
import type { CommunityNames } from './use-workshop-data';

interface ActionFormProps {
  workshop: Pick<Workshop, 'id' | 'communityId' | 'hostCommunityId' | 'visitingCommunityIds'>;
  action?: FollowUpAction;
  communities: CommunityNames;
  onDone: () => void;
}

/** Adds a follow-up action decided at the event (who does what, by when), or corrects one. */
export function ActionForm({ workshop, action, communities, onDone }: ActionFormProps) {
  const { t } = useTranslation('workshops');
  const { t: tc } = useTranslation();
  const initial = useMemo<ActionFormValues>(
    () => ({
      action: action?.action ?? '',
      owner: action?.owner ?? '',
      ownerCommunityId: action?.ownerCommunityId ?? '',
      dueDate: action?.dueDate ?? '',
      status: action?.status ?? 'open',
    }),
    [action],
  );
  const form = useFormDraft<ActionFormValues>(action ? `action:${action.id}` : `action:new:${workshop.id}`, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const values = form.values;
  if (!values) return null;
  const near = new Set([workshop.hostCommunityId, workshop.communityId, ...(workshop.visitingCommunityIds ?? [])].filter(Boolean));
  const options = communities.list.filter((community) => near.has(community.id)).map((community) => ({ value: community.id, label: communities.name(community.id) }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values) return;
    const result = validate(actionFormSchema, values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstInvalid();
      return;
    }
    const { ownerCommunityId, dueDate, ...rest } = result.value;
    try {
      await saveAction(db, workshop, action?.id, { ...rest, ownerCommunityId: ownerCommunityId || null, dueDate: dueDate || null });
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
    <form className="form inline-form" onSubmit={onSubmit} noValidate aria-label={action ? t('followUp.edit') : t('followUp.add')}>
      <TextArea label={t('followUp.action')} value={values.action} onChange={(text) => form.update({ action: text })} error={errors.action} required maxLength={WORKSHOP_LIMITS.action} />
      <TextField label={t('followUp.owner')} hint={t('followUp.ownerHint')} value={values.owner} onChange={(owner) => form.update({ owner })} error={errors.owner} maxLength={WORKSHOP_LIMITS.owner} />
      <SelectField
        label={t('followUp.community')}
        value={values.ownerCommunityId}
        onChange={(ownerCommunityId) => form.update({ ownerCommunityId })}
        options={options}
        placeholder={t('form.noCommunity')}
      />
      <TextField type="date" label={t('followUp.due')} value={values.dueDate} onChange={(dueDate) => form.update({ dueDate })} error={errors.dueDate} />
      <FormProblem problem={form.problem} />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {action ? tc('actions.save') : t('followUp.addButton')}
        </button>
        <button type="button" className="button" onClick={() => void onCancel()}>
          {tc('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
