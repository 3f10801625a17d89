import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { APPLICATION_OUTCOMES, type Community } from '../../core/model';
import { applicationFormSchema, validate, type ApplicationFormValues, type FieldErrors } from '../../core/validation';
import { recordApplication } from '../../db/case-studies';
import { db } from '../../db/instance';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { useFormDraft } from '../../ui/use-form-draft';
import { FormProblem } from '../../ui/form-problem';

const today = () => new Date().toISOString().slice(0, 10);

/** "We applied this": a community records that it tried a case study, and how it went. */
export function ApplyForm({ caseStudyId, community }: { caseStudyId: string; community: Community }) {
  const { t } = useTranslation('library');
  const { t: tc } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const draftKey = `application:${caseStudyId}`;
  const form = useFormDraft<ApplicationFormValues>(draftKey, open ? { date: today(), outcome: '' as ApplicationFormValues['outcome'], changes: '', notes: '' } : undefined);
  const [errors, setErrors] = useState<FieldErrors>({});

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
  const values = form.values;
  if (!values) return null;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(applicationFormSchema, values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    try {
      await recordApplication(db, caseStudyId, community, result.value, { clearDraft: draftKey });
    } catch (error) {
      form.saveFailed(error);
      return;
    }
    form.markSaved();
    setErrors({});
    setOpen(false);
    setSaved(true);
  }

  return (
    <form className="form card" onSubmit={onSubmit} noValidate>
      <h3>{t('applied.formTitle')}</h3>
      <TextField type="date" label={t('applied.date')} value={values.date} onChange={(date) => form.update({ date })} error={errors.date} required />
      <SelectField
        label={t('applied.outcome')}
        value={values.outcome}
        onChange={(outcome) => form.update({ outcome: outcome as ApplicationFormValues['outcome'] })}
        options={APPLICATION_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`outcome.${outcome}`) }))}
        placeholder={tc('form.choose')}
        error={errors.outcome}
        required
      />
      <TextArea label={t('applied.changes')} hint={t('applied.changesHint')} value={values.changes} onChange={(changes) => form.update({ changes })} error={errors.changes} required />
      <TextArea label={t('applied.notes')} value={values.notes ?? ''} onChange={(notes) => form.update({ notes })} error={errors.notes} />
      <FormProblem problem={form.problem} />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {tc('actions.save')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            void form.discard();
            setOpen(false);
          }}
        >
          {tc('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
