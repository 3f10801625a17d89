import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { FollowUpAction } from '../../core/model';
import { actionFormSchema, WORKSHOP_LIMITS } from '../../core/validation';
import { db } from '../../db/instance';
import { saveAction } from '../../db/workshops';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { actionFormValues, communityOptions, type WorkshopPartFormProps } from './workshop-model';

interface ActionFormProps extends WorkshopPartFormProps {
  /** Absent when adding one. */
  action?: FollowUpAction;
}

/** Adds a follow-up action decided at the event (who does what, by when), or corrects one. */
export function ActionForm({ workshop, action, communities, onDone }: ActionFormProps) {
  const { t } = useTranslation('workshops');
  const { t: tc } = useTranslation();
  const initial = useMemo(() => actionFormValues(action), [action]);
  const draftKey = action ? `action:${action.id}` : `action:new:${workshop.id}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: actionFormSchema,
    write: ({ ownerCommunityId, dueDate, ...rest }) =>
      saveAction(db, workshop, action?.id, { ...rest, ownerCommunityId: ownerCommunityId || null, dueDate: dueDate || null }, { clearDraft: draftKey }),
    onSaved: onDone,
  });
  if (!form.values) return null;

  return (
    <RecordFormFrame
      form={form}
      className="form inline-form"
      label={action ? t('followUp.edit') : t('followUp.add')}
      submitLabel={action ? tc('actions.save') : t('followUp.addButton')}
      onCancelled={onDone}
    >
      <TextArea label={t('followUp.action')} {...form.field('action')} required maxLength={WORKSHOP_LIMITS.action} />
      <TextField label={t('followUp.owner')} hint={t('followUp.ownerHint')} {...form.field('owner')} maxLength={WORKSHOP_LIMITS.owner} />
      <SelectField
        label={t('followUp.community')}
        {...form.field('ownerCommunityId')}
        options={communityOptions(workshop, communities, false)}
        placeholder={t('form.noCommunity')}
      />
      <TextField type="date" label={t('followUp.due')} {...form.field('dueDate')} />
    </RecordFormFrame>
  );
}
