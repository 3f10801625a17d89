import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { newId } from '../../core/ids';
import { CASE_STUDY_TEXTS, LANGUAGES, RESOURCE_SOURCES, TOPICS, type CaseStudy, type Language } from '../../core/model';
import { CASE_STUDY_LIMITS, caseStudyFormSchema, validate, type CaseStudyFormValues, type FieldErrors } from '../../core/validation';
import { getCaseStudy, saveCaseStudy, versionsOf } from '../../db/case-studies';
import { db } from '../../db/instance';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { AttachmentList, AttachmentPicker } from '../../ui/attachments';
import { Checkbox, CheckboxGroup } from '../../ui/choices';
import { focusFirstInvalid, SelectField, TextArea, TextField } from '../../ui/field';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { useFormDraft } from '../../ui/use-form-draft';
import { FormProblem } from '../../ui/form-problem';
import { dropFormPhotos, PendingPhotos, saveWithPendingPhotos, type PendingPhoto } from '../../ui/pending-photos';

function valuesOf(doc: Partial<CaseStudy>, language: Language): CaseStudyFormValues {
  return {
    title: doc.title ?? '',
    topics: doc.topics ?? [],
    language: doc.language ?? language,
    periodFrom: doc.periodFrom ?? '',
    periodTo: doc.periodTo ?? '',
    ...(Object.fromEntries(CASE_STUDY_TEXTS.map((field) => [field, doc[field] ?? ''])) as Record<(typeof CASE_STUDY_TEXTS)[number], string>),
    resourcesKgs: doc.resourcesKgs != null ? String(doc.resourcesKgs) : '',
    resourceSources: doc.resourceSources ?? [],
    resourcesNote: doc.resourcesNote ?? '',
    contactConsent: doc.contactConsent ?? false,
    contactName: doc.contactName ?? '',
    contactPhone: doc.contactPhone ?? '',
  };
}

/** A translation of an example is an example too, based on the same document. */
function exampleMarkOf(original: Partial<CaseStudy> | undefined): Pick<CaseStudy, 'example' | 'source'> {
  if (original?.example !== true) return {};
  return original.source ? { example: true, source: original.source } : { example: true };
}

/** For a new case study, also the id it will have and the photos kept under it before it is first saved. */
type Values = CaseStudyFormValues & { pendingPhotos: PendingPhoto[]; recordId: string };

/**
 * The guided form of the case-study template: what the problem was, what was done step by step,
 * what it cost, what came of it, what worked and what did not, and advice for a peer. Autosaved as
 * a draft while typing.
 */
export function CaseStudyFormScreen() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const translationOf = id === undefined ? params.get('translationOf') : null;
  const isNew = id === undefined;
  const { t } = useTranslation('library');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  const existing = useLiveQuery(async () => (isNew ? null : ((await getCaseStudy(db, id)) ?? null)), [id]);
  const original = useLiveQuery(async () => (translationOf ? await versionsOf(db, translationOf) : null), [translationOf]);
  const [newDocId] = useState(newId);

  const initial = useMemo<Values | undefined>(() => {
    if (!isNew) return existing ? { ...valuesOf(existing, lang), pendingPhotos: [], recordId: existing.id } : undefined;
    if (!translationOf) return { ...valuesOf({}, lang), pendingPhotos: [], recordId: newDocId };
    if (!original) return undefined;
    const root = original.find((doc) => doc.id === translationOf);
    if (!root) return undefined;
    const taken = new Set(original.map((doc) => doc.language));
    const language = [lang, ...LANGUAGES].find((candidate) => !taken.has(candidate)) ?? lang;
    // A translation keeps the facts (topics, period, money) and gets its own text.
    return {
      ...valuesOf({ topics: root.topics, periodFrom: root.periodFrom, periodTo: root.periodTo, resourcesKgs: root.resourcesKgs, resourceSources: root.resourceSources }, language),
      language,
      pendingPhotos: [],
      recordId: newDocId,
    };
  }, [isNew, existing, translationOf, original, lang, newDocId]);

  const draftKey = isNew ? (translationOf ? `caseStudy:translate:${translationOf}` : 'caseStudy:new') : `caseStudy:${id}`;
  const form = useFormDraft<Values>(draftKey, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  if (!isNew && existing === null) {
    return (
      <Page title={t('notFound')} backTo="/library">
        <p>{t('notFoundText')}</p>
      </Page>
    );
  }
  const values = form.values;
  const backTo = isNew ? (translationOf ? `/library/${translationOf}` : '/library') : `/library/${id}`;
  const root = original?.find((doc) => doc.id === translationOf);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values || saving || !community) return;
    const result = validate(caseStudyFormSchema, values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const docId = isNew ? values.recordId : id;
      const input = { ...result.value, ...(translationOf ? { translationOf } : {}), ...exampleMarkOf(root) };
      // Without consent no contact is kept at all.
      if (!input.contactConsent) Object.assign(input, { contactName: '', contactPhone: '' });
      const write = async () => {
        await saveCaseStudy(db, docId, input, community, { isNew, clearDraft: draftKey });
        return docId;
      };
      await saveWithPendingPhotos('caseStudies', docId, write, isNew ? values.pendingPhotos : []);
      form.markSaved();
      void navigate(`/library/${docId}`, { replace: isNew });
    } catch (error) {
      form.saveFailed(error);
    } finally {
      setSaving(false);
    }
  }

  async function onCancel() {
    await form.discard();
    if (isNew && values) await dropFormPhotos('caseStudies', values.recordId);
    void navigate(backTo);
  }

  const title = isNew ? (translationOf ? t('form.translateTitle') : t('form.newTitle')) : t('form.editTitle');
  const text = (field: (typeof CASE_STUDY_TEXTS)[number], required = false) => (
    <TextArea
      label={t(`field.${field}`)}
      hint={t(`hint.${field}`)}
      value={values![field] ?? ''}
      onChange={(value) => form.update({ [field]: value } as Partial<CaseStudyFormValues>)}
      error={errors[field]}
      maxLength={CASE_STUDY_LIMITS.text}
      required={required}
    />
  );

  return (
    <Page title={title} backTo={backTo}>
      {values && (
        <form className="form" onSubmit={onSubmit} noValidate>
          {form.restored && (
            <p className="notice" role="status">
              {tc('form.restored')}
            </p>
          )}
          {root && <p className="notice">{t('form.translating', { title: root.title })}</p>}
          <fieldset className="form-section">
            <legend>{t('form.sectionAbout')}</legend>
            <TextField label={t('field.title')} value={values.title} onChange={(value) => form.update({ title: value })} error={errors.title} required maxLength={CASE_STUDY_LIMITS.title} />
            <SelectField
              label={t('field.language')}
              hint={t('hint.language')}
              value={values.language}
              onChange={(value) => form.update({ language: value as Language })}
              options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_ENDONYMS[language] }))}
              error={errors.language}
              required
            />
            <CheckboxGroup
              legend={t('field.topics')}
              hint={t('hint.topics')}
              options={TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))}
              value={values.topics}
              onChange={(topics) => form.update({ topics: topics as CaseStudyFormValues['topics'] })}
              error={errors.topics}
              required
            />
            <div className="field-row">
              <TextField type="month" label={t('field.periodFrom')} placeholder="2025-03" value={values.periodFrom} onChange={(value) => form.update({ periodFrom: value })} error={errors.periodFrom} />
              <TextField type="month" label={t('field.periodTo')} placeholder="2025-11" value={values.periodTo} onChange={(value) => form.update({ periodTo: value })} error={errors.periodTo} />
            </div>
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('form.sectionStory')}</legend>
            {text('problem')}
            {text('actions')}
            {text('results')}
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('form.sectionLessons')}</legend>
            {text('worked')}
            {text('didNotWork')}
            {text('advice')}
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('field.resources')}</legend>
            <TextField
              label={t('field.resourcesKgs')}
              inputMode="decimal"
              value={values.resourcesKgs}
              onChange={(value) => form.update({ resourcesKgs: value })}
              error={errors.resourcesKgs}
            />
            <CheckboxGroup
              legend={t('field.resourceSources')}
              options={RESOURCE_SOURCES.map((source) => ({ value: source, label: t(`source.${source}`) }))}
              value={values.resourceSources}
              onChange={(resourceSources) => form.update({ resourceSources: resourceSources as CaseStudyFormValues['resourceSources'] })}
            />
            <TextArea label={t('field.resourcesNote')} value={values.resourcesNote} onChange={(value) => form.update({ resourcesNote: value })} error={errors.resourcesNote} maxLength={CASE_STUDY_LIMITS.note} />
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('field.contact')}</legend>
            <Checkbox label={t('field.contactConsent')} checked={values.contactConsent} onChange={(contactConsent) => form.update({ contactConsent })} error={errors.contactConsent} />
            {values.contactConsent && (
              <>
                <TextField label={t('field.contactName')} value={values.contactName} onChange={(value) => form.update({ contactName: value })} error={errors.contactName} maxLength={CASE_STUDY_LIMITS.contactName} />
                <TextField type="tel" inputMode="tel" label={t('field.contactPhone')} value={values.contactPhone} onChange={(value) => form.update({ contactPhone: value })} error={errors.contactPhone} maxLength={CASE_STUDY_LIMITS.contactPhone} />
              </>
            )}
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('field.attachments')}</legend>
            {isNew ? (
              <>
                <PendingPhotos owner={{ collection: 'caseStudies', docId: values.recordId }} photos={values.pendingPhotos} onChange={(pendingPhotos) => form.update({ pendingPhotos })} />
                <p className="field-hint">{t('form.pdfAfterSave')}</p>
              </>
            ) : (
              <>
                <AttachmentList owner={{ collection: 'caseStudies', docId: id }} attachments={existing?.attachments ?? []} editable />
                <AttachmentPicker owner={{ collection: 'caseStudies', docId: id }} acceptPdf />
              </>
            )}
          </fieldset>

          {Object.keys(errors).length > 0 && (
            <p className="field-error" role="alert">
              {t('form.fixErrors')}
            </p>
          )}
          <FormProblem problem={form.problem} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={saving || !community}>
              {tc('actions.save')}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {tc('actions.cancel')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
