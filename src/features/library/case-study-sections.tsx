import { useTranslation } from '../../i18n/use-translation';
import { LANGUAGES, RESOURCE_SOURCES, TOPICS } from '../../core/model';
import { CASE_STUDY_LIMITS } from '../../core/validation';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { Checkbox, CheckboxGroup } from '../../ui/choices';
import { SelectField, TextArea, TextField } from '../../ui/field';
import type { RecordForm } from '../../ui/form/use-record-form';
import type { CaseStudyFormState } from './case-study-model';

// Parts of the case-study form (case-study-form-screen.tsx), each a section of the template.

type Props = { form: RecordForm<CaseStudyFormState> };

/** What the case study is: its title, language, topics and when the work was done. */
export function AboutSection({ form }: Props) {
  const { t } = useTranslation('library');
  return (
    <fieldset className="form-section">
      <legend>{t('form.sectionAbout')}</legend>
      <TextField label={t('field.title')} {...form.field('title')} required maxLength={CASE_STUDY_LIMITS.title} />
      <SelectField
        label={t('field.language')}
        hint={t('hint.language')}
        {...form.field('language')}
        options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_ENDONYMS[language] }))}
        required
      />
      <CheckboxGroup
        legend={t('field.topics')}
        hint={t('hint.topics')}
        options={TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))}
        {...form.field('topics')}
        required
      />
      <div className="field-row">
        <TextField type="month" label={t('field.periodFrom')} placeholder="2025-03" {...form.field('periodFrom')} />
        <TextField type="month" label={t('field.periodTo')} placeholder="2025-11" {...form.field('periodTo')} />
      </div>
    </fieldset>
  );
}

/** What it cost, in som, and where the money came from. */
export function ResourcesSection({ form }: Props) {
  const { t } = useTranslation('library');
  return (
    <fieldset className="form-section">
      <legend>{t('field.resources')}</legend>
      <TextField label={t('field.resourcesKgs')} inputMode="decimal" {...form.field('resourcesKgs')} />
      <CheckboxGroup
        legend={t('field.resourceSources')}
        options={RESOURCE_SOURCES.map((source) => ({ value: source, label: t(`source.${source}`) }))}
        {...form.field('resourceSources')}
      />
      <TextArea label={t('field.resourcesNote')} {...form.field('resourcesNote')} maxLength={CASE_STUDY_LIMITS.note} />
    </fieldset>
  );
}

/** Whom a peer may call: kept only with the person's consent. */
export function ContactSection({ form }: Props) {
  const { t } = useTranslation('library');
  const values = form.values!;
  return (
    <fieldset className="form-section">
      <legend>{t('field.contact')}</legend>
      <Checkbox
        label={t('field.contactConsent')}
        checked={values.contactConsent}
        onChange={(contactConsent) => form.update({ contactConsent })}
        error={form.errors.contactConsent}
      />
      {values.contactConsent && (
        <>
          <TextField label={t('field.contactName')} {...form.field('contactName')} maxLength={CASE_STUDY_LIMITS.contactName} />
          <TextField type="tel" inputMode="tel" label={t('field.contactPhone')} {...form.field('contactPhone')} maxLength={CASE_STUDY_LIMITS.contactPhone} />
        </>
      )}
    </fieldset>
  );
}
