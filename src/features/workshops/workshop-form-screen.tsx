import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { WORKSHOP_TEXTS, WORKSHOP_TYPES, type GeoPoint, type Workshop } from '../../core/model';
import { validate, WORKSHOP_LIMITS, workshopFormSchema, type FieldErrors, type WorkshopFormValues } from '../../core/validation';
import { boxesOf, localToday, tallyOf } from '../../core/workshops';
import { newId } from '../../core/ids';
import { db } from '../../db/instance';
import { createWorkshop, deleteWorkshop, getWorkshop, updateWorkshop } from '../../db/workshops';
import { AttachmentList, AttachmentPicker } from '../../ui/attachments';
import { focusFirstInvalid, SelectField, TextArea, TextField } from '../../ui/field';
import { Page } from '../../ui/page';
import { dropFormPhotos, PendingPhotos, saveWithPendingPhotos, type PendingPhoto } from '../../ui/pending-photos';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useFormDraft } from '../../ui/use-form-draft';
import { FormProblem } from '../../ui/form-problem';
import { LocationField } from '../../ui/location-field';
import { PickList } from '../../ui/pick-list';
import { TallyField } from './tally-field';
import { useCommunities } from './use-workshop-data';

/** For a new event, also the id it will have and the photos kept under it before it is first saved. */
type Values = WorkshopFormValues & { pendingPhotos: PendingPhoto[]; recordId: string };

function valuesOf(doc: Partial<Workshop>): Values {
  return {
    type: doc.type ?? ('' as Values['type']),
    title: doc.title ?? '',
    startDate: doc.startDate ?? '',
    endDate: doc.endDate ?? '',
    hostCommunityId: doc.hostCommunityId ?? '',
    visitingCommunityIds: doc.visitingCommunityIds ?? [],
    facilitators: doc.facilitators ?? '',
    ...(Object.fromEntries(WORKSHOP_TEXTS.map((field) => [field, doc[field] ?? ''])) as Record<(typeof WORKSHOP_TEXTS)[number], string>),
    linkedCaseStudyIds: doc.linkedCaseStudyIds ?? [],
    location: doc.location ?? null,
    tally: boxesOf(doc.tally),
    pendingPhotos: [],
    recordId: doc.id ?? newId(),
  };
}

/**
 * An event's write-up: what it was, when and where, who hosted and who came, how many people by
 * role and gender, and what was learnt and decided. Every keystroke is kept as a draft.
 */
export function WorkshopFormScreen() {
  const { id } = useParams();
  const isNew = id === undefined;
  const { t } = useTranslation('workshops');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  const communities = useCommunities();
  const caseStudies = useLiveQuery(async () => (await db.caseStudies.toArray()).filter((doc) => !doc._deleted && !doc.translationOf), []);
  const existing = useLiveQuery(async () => (isNew ? null : ((await getWorkshop(db, id)) ?? null)), [id]);
  const initial = useMemo<Values | undefined>(() => {
    if (!isNew) return existing ? valuesOf(existing) : undefined;
    if (community === undefined) return undefined;
    return valuesOf({ startDate: localToday(), hostCommunityId: community?.id ?? '' });
  }, [isNew, existing, community]);
  const draftKey = isNew ? 'workshop:new' : `workshop:${id}`;
  const form = useFormDraft<Values>(draftKey, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  if (!isNew && existing === null) {
    return (
      <Page title={t('notFound')} backTo="/workshops">
        <p>{t('notFoundText')}</p>
      </Page>
    );
  }
  const values = form.values;
  const backTo = isNew ? '/workshops' : `/workshops/${id}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values || saving) return;
    const result = validate(workshopFormSchema, values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const { tally, location, endDate, hostCommunityId, ...rest } = result.value;
      const input = {
        ...rest,
        endDate: endDate || null,
        hostCommunityId: hostCommunityId || null,
        location: (location as GeoPoint | null) ?? null,
        tally: tallyOf(tally),
      };
      if (isNew && !community) return;
      const write = isNew
        ? () => createWorkshop(db, community!.id, input, { clearDraft: draftKey, id: values.recordId })
        : async () => {
            await updateWorkshop(db, id, input, { clearDraft: draftKey });
            return id;
          };
      const { docId, photoProblem } = await saveWithPendingPhotos('workshops', isNew ? values.recordId : id, write, values.pendingPhotos);
      form.markSaved();
      void navigate(`/workshops/${docId}`, { replace: isNew, state: { saved: true, photoProblem } });
    } catch (error) {
      form.saveFailed(error);
    } finally {
      setSaving(false);
    }
  }

  async function onCancel() {
    await form.discard();
    if (isNew && values) await dropFormPhotos('workshops', values.recordId);
    void navigate(backTo);
  }

  async function onDelete() {
    if (!id) return;
    await form.discard();
    await deleteWorkshop(db, id);
    void navigate('/workshops');
  }

  const communityOptions = (communities?.list ?? []).map((option) => ({ value: option.id, label: communities!.name(option.id) }));
  return (
    <Page title={isNew ? t('form.newTitle') : t('form.editTitle')} backTo={backTo}>
      {values && (
        <form className="form" onSubmit={onSubmit} noValidate>
          {form.restored && (
            <p className="notice" role="status">
              {tc('form.restored')}
            </p>
          )}
          <p className="field-hint">{t('form.autosaved')}</p>
          <SelectField
            label={t('field.type')}
            value={values.type}
            onChange={(type) => form.update({ type: type as Values['type'] })}
            options={WORKSHOP_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
            placeholder={t('form.chooseType')}
            error={errors.type}
            required
          />
          <TextField label={t('field.title')} value={values.title} onChange={(title) => form.update({ title })} error={errors.title} required maxLength={WORKSHOP_LIMITS.title} />
          <div className="field-row">
            <TextField type="date" label={t('field.startDate')} value={values.startDate} onChange={(startDate) => form.update({ startDate })} error={errors.startDate} required />
            <TextField type="date" label={t('field.endDate')} value={values.endDate} onChange={(endDate) => form.update({ endDate })} error={errors.endDate} />
          </div>

          <h2 className="section-title">{t('form.placeAndPeople')}</h2>
          <SelectField
            label={t('field.host')}
            hint={t('field.hostHint')}
            value={values.hostCommunityId}
            onChange={(hostCommunityId) => form.update({ hostCommunityId })}
            options={communityOptions}
            placeholder={t('form.noCommunity')}
          />
          <PickList
            legend={t('field.visitors')}
            hint={t('field.visitorsHint')}
            options={communityOptions.filter((option) => option.value !== values.hostCommunityId)}
            value={values.visitingCommunityIds}
            onChange={(visitingCommunityIds) => form.update({ visitingCommunityIds })}
            addLabel={t('form.addCommunity')}
            fallbackLabel={t('unknownCommunity')}
            error={errors.visitingCommunityIds}
          />
          <LocationField value={(values.location as GeoPoint | null) ?? null} onChange={(location) => form.update({ location })} />
          <TextField label={t('field.facilitators')} hint={t('field.facilitatorsHint')} value={values.facilitators} onChange={(facilitators) => form.update({ facilitators })} error={errors.facilitators} maxLength={WORKSHOP_LIMITS.facilitators} />

          <h2 className="section-title">{t('form.whoCame')}</h2>
          <TallyField value={values.tally} onChange={(tally) => form.update({ tally })} errors={errors} />
          <p className="field-hint">{t('form.namedLater')}</p>

          <h2 className="section-title">{t('form.writeUp')}</h2>
          {WORKSHOP_TEXTS.map((field) => (
            <TextArea
              key={field}
              label={t(`field.${field}`)}
              hint={t(`field.${field}Hint`)}
              value={values[field]}
              onChange={(text) => form.update({ [field]: text })}
              error={errors[field]}
              maxLength={WORKSHOP_LIMITS.text}
            />
          ))}
          <PickList
            legend={t('field.linkedCaseStudies')}
            hint={t('field.linkedCaseStudiesHint')}
            options={(caseStudies ?? []).map((doc) => ({ value: doc.id, label: doc.example ? tc('example.labelled', { title: doc.title }) : doc.title }))}
            value={values.linkedCaseStudyIds}
            onChange={(linkedCaseStudyIds) => form.update({ linkedCaseStudyIds })}
            addLabel={t('form.addCaseStudy')}
            fallbackLabel={t('unknownCaseStudy')}
          />
          <fieldset className="field">
            <legend>{t('field.photos')}</legend>
            <p className="field-hint">{t('field.photosHint')}</p>
            {isNew ? (
              <PendingPhotos owner={{ collection: 'workshops', docId: values.recordId }} photos={values.pendingPhotos} onChange={(pendingPhotos) => form.update({ pendingPhotos })} />
            ) : (
              <>
                <AttachmentList owner={{ collection: 'workshops', docId: id }} attachments={existing?.photos ?? []} editable />
                <AttachmentPicker owner={{ collection: 'workshops', docId: id }} acceptPdf={false} />
              </>
            )}
          </fieldset>
          <FormProblem problem={form.problem} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={saving}>
              {tc('actions.save')}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {tc('actions.cancel')}
            </button>
          </div>
          {!isNew && (
            <div className="danger-zone">
              {confirmingDelete ? (
                <>
                  <p id="delete-question">{t('deleteQuestion')}</p>
                  <div className="form-actions">
                    <button type="button" className="button button-danger" onClick={onDelete} aria-describedby="delete-question">
                      {t('deleteConfirm')}
                    </button>
                    <button type="button" className="button" onClick={() => setConfirmingDelete(false)}>
                      {tc('actions.keep')}
                    </button>
                  </div>
                </>
              ) : (
                <button type="button" className="button button-danger-outline" onClick={() => setConfirmingDelete(true)}>
                  {tc('actions.delete')}
                </button>
              )}
            </div>
          )}
        </form>
      )}
    </Page>
  );
}
