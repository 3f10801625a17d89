import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { APPLICATION_OUTCOMES, type Community } from '../../core/model';
import { applicationFormSchema, type ApplicationFormValues } from '../../core/validation';
import { recordApplication } from '../../db/case-studies';
import { db } from '../../db/instance';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';

const today = () => new Date().toISOString().slice(0, 10);

/** "We applied this": a community records that it tried a case study, and how it went. */
export function ApplyForm({ caseStudyId, community }: { caseStudyId: string; community: Community }) {
  const { t } = useTranslation('library');
  const { t: tc } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const draftKey = `application:${caseStudyId}`;
  const form = useRecordForm({
    draftKey,
    initial: open ? { date: today(), outcome: '' as ApplicationFormValues['outcome'], changes: '', notes: '' } : undefined,
    schema: applicationFormSchema,
    write: (value) => recordApplication(db, caseStudyId, community, value, { clearDraft: draftKey }),
    onSaved: () => {
      setOpen(false);
      setSaved(true);
    },
  });

  if (!open) {
    return (
      <>
        {saved && (
          <p className="notice notice-success" role="status">
            {t('applied.saved')}
          </p>
        )}
        <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
          {t('applied.add')}
        </button>
      </>
    );
  }
  if (!form.values) return null;

  return (
    <RecordFormFrame form={form} className="form card" onCancelled={() => setOpen(false)}>
      <h3>{t('applied.formTitle')}</h3>
      <TextField type="date" label={t('applied.date')} {...form.field('date')} required />
      <SelectField
        label={t('applied.outcome')}
        {...form.field('outcome')}
        options={APPLICATION_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`outcome.${outcome}`) }))}
        placeholder={tc('form.choose')}
        required
      />
      <TextArea label={t('applied.changes')} hint={t('applied.changesHint')} {...form.field('changes')} required />
      <TextArea label={t('applied.notes')} value={form.values.notes ?? ''} onChange={(notes) => form.update({ notes })} error={form.errors.notes} />
    </RecordFormFrame>
  );
}
