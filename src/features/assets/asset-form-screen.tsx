import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ASSET_CATEGORIES, ASSET_CONDITIONS, type GeoPoint } from '../../core/model';
import { assetFormSchema, LIMITS, validate, type AssetFormValues, type FieldErrors } from '../../core/validation';
import { newId } from '../../core/ids';
import { createAsset, deleteAsset, getAsset, updateAsset } from '../../db/assets';
import { db } from '../../db/instance';
import { AttachmentList, AttachmentPicker } from '../../ui/attachments';
import { focusFirstInvalid, TextArea, TextField } from '../../ui/field';
import { Page } from '../../ui/page';
import { dropFormPhotos, PendingPhotos, saveWithPendingPhotos, type PendingPhoto } from '../../ui/pending-photos';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useFormDraft } from '../../ui/use-form-draft';
import { FormProblem } from '../../ui/form-problem';
import { CategoryIcon } from './category-icon';
import { LocationField } from '../../ui/location-field';
import { ConflictNotice } from '../../ui/conflict-notice';
import { ShareCard, SharedRecordNote } from '../../ui/share-card';
import { mayEditRecord, useSession } from '../../ui/use-session';

/**
 * The form's values, plus, for a new asset, the id it will have and the photos taken before it is
 * first saved (stored under that id, listed in the draft).
 */
type Values = AssetFormValues & { pendingPhotos: PendingPhoto[]; recordId: string };

const EMPTY: Values = {
  name: '',
  category: '' as AssetFormValues['category'],
  description: '',
  condition: '',
  steward: '',
  access: '',
  dispute: '',
  tags: '',
  location: null,
  pendingPhotos: [],
  recordId: '',
};

export function AssetFormScreen() {
  const { id } = useParams();
  const isNew = id === undefined;
  const { t } = useTranslation('assets');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  // undefined while loading, null when the asset does not exist (or was deleted meanwhile).
  const existing = useLiveQuery(async () => (isNew ? null : ((await getAsset(db, id)) ?? null)), [id]);
  const initial = useMemo<Values | undefined>(() => {
    if (isNew) return { ...EMPTY, recordId: newId() };
    if (!existing) return undefined;
    return {
      name: existing.name,
      category: existing.category,
      description: existing.description ?? '',
      condition: existing.condition ?? '',
      steward: existing.steward ?? '',
      access: existing.access ?? '',
      dispute: existing.dispute ?? '',
      tags: (existing.tags ?? []).join(', '),
      location: existing.location ?? null,
      pendingPhotos: [],
      recordId: existing.id,
    };
  }, [isNew, existing]);
  const draftKey = isNew ? 'asset:new' : `asset:${id}`;
  const form = useFormDraft<Values>(draftKey, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [saving, setSaving] = useState(false);
  const session = useSession();

  if (!isNew && existing === null) {
    return (
      <Page title={t('notFound')} backTo="/assets">
        <p>{t('notFoundText')}</p>
      </Page>
    );
  }

  const values = form.values;
  // A record another community shared with this one is read here, never changed.
  const readOnly = !isNew && existing ? !mayEditRecord(session, existing) : false;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values || saving) return;
    const result = validate(assetFormSchema, values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const input = { ...result.value, location: result.value.location as GeoPoint | null };
      if (isNew && !community) return;
      const write = isNew
        ? () => createAsset(db, community!.id, input, { clearDraft: draftKey, id: values.recordId })
        : async () => {
            await updateAsset(db, id, input, { clearDraft: draftKey });
            return id;
          };
      const { photoProblem } = await saveWithPendingPhotos('assets', isNew ? values.recordId : id, write, values.pendingPhotos);
      form.markSaved();
      void navigate('/assets', { state: { saved: true, photoProblem } });
    } catch (error) {
      form.saveFailed(error);
    } finally {
      setSaving(false);
    }
  }

  async function onCancel() {
    await form.discard();
    if (isNew && values) await dropFormPhotos('assets', values.recordId);
    void navigate('/assets');
  }

  async function onDelete() {
    if (!id) return;
    await form.discard();
    await deleteAsset(db, id);
    void navigate('/assets');
  }

  return (
    <Page title={isNew ? t('newTitle') : t('editTitle')} backTo="/assets">
      {existing && <ConflictNotice collection="assets" record={existing} label={(field) => t(`field.${field}`)} show={(field, value) => showAssetValue(t, field, value)} editable={!readOnly} />}
      {readOnly && existing && <SharedRecordNote communityId={existing.communityId} />}
      {values && (
        <form className="form" onSubmit={onSubmit} noValidate>
          {form.restored && (
            <p className="notice" role="status">
              {tc('form.restored')}
            </p>
          )}
          <fieldset className="form-body" disabled={readOnly}>
          <fieldset className={errors.category ? 'field category-grid field-invalid' : 'field category-grid'} aria-describedby={errors.category ? 'category-error' : undefined}>
            <legend>
              {t('field.category')}
              <span className="field-required"> ({tc('form.required')})</span>
            </legend>
            {ASSET_CATEGORIES.map((category) => (
              <label key={category} className={values.category === category ? 'category-choice category-choice-active' : 'category-choice'}>
                <input
                  type="radio"
                  name="category"
                  value={category}
                  className="visually-hidden"
                  checked={values.category === category}
                  onChange={() => form.update({ category })}
                />
                <CategoryIcon category={category} />
                <span>{t(`category.${category}`)}</span>
              </label>
            ))}
            {errors.category && <CategoryError id="category-error" error={errors.category} />}
          </fieldset>
          <TextField label={t('field.name')} value={values.name} onChange={(name) => form.update({ name })} error={errors.name} required maxLength={LIMITS.name} />
          <TextArea
            label={t('field.description')}
            hint={t('field.descriptionHint')}
            value={values.description}
            onChange={(description) => form.update({ description })}
            error={errors.description}
            maxLength={LIMITS.description}
          />
          <fieldset className="segmented">
            <legend>{t('field.condition')}</legend>
            {(['', ...ASSET_CONDITIONS] as const).map((condition) => (
              <label key={condition || 'unknown'} className={values.condition === condition ? 'segment segment-active' : 'segment'}>
                <input type="radio" name="condition" className="visually-hidden" checked={values.condition === condition} onChange={() => form.update({ condition })} />
                {t(`condition.${condition || 'unknown'}`)}
              </label>
            ))}
          </fieldset>
          <LocationField value={(values.location as GeoPoint | null) ?? null} onChange={(location) => form.update({ location })} />
          <TextField label={t('field.steward')} hint={t('field.stewardHint')} value={values.steward} onChange={(steward) => form.update({ steward })} error={errors.steward} maxLength={LIMITS.steward} />
          <TextArea label={t('field.access')} hint={t('field.accessHint')} value={values.access} onChange={(access) => form.update({ access })} error={errors.access} maxLength={LIMITS.access} />
          <TextArea label={t('field.dispute')} hint={t('field.disputeHint')} value={values.dispute} onChange={(dispute) => form.update({ dispute })} error={errors.dispute} maxLength={LIMITS.dispute} />
          <TextField label={t('field.tags')} hint={t('field.tagsHint')} value={values.tags} onChange={(tags) => form.update({ tags })} error={errors.tags} />
          <fieldset className="field">
            <legend>{t('field.photos')}</legend>
            {isNew ? (
              <PendingPhotos owner={{ collection: 'assets', docId: values.recordId }} photos={values.pendingPhotos} onChange={(pendingPhotos) => form.update({ pendingPhotos })} />
            ) : (
              <>
                <AttachmentList owner={{ collection: 'assets', docId: id }} attachments={existing?.photos ?? []} editable />
                <AttachmentPicker owner={{ collection: 'assets', docId: id }} acceptPdf={false} />
              </>
            )}
          </fieldset>
          </fieldset>
          <FormProblem problem={form.problem} />
          {!readOnly && (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={saving}>
              {tc('actions.save')}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {tc('actions.cancel')}
            </button>
          </div>
          )}
          {!isNew && !readOnly && (
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
      {existing && !readOnly && <ShareCard collection="assets" record={existing} />}
    </Page>
  );
}

/** A picked value in words: a category or condition by its name, tags joined. */
function showAssetValue(t: (key: string) => string, field: string, value: unknown): string {
  if (field === 'category' && typeof value === 'string') return t(`category.${value}`);
  if (field === 'condition') return t(`condition.${typeof value === 'string' && value ? value : 'unknown'}`);
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' && value ? value : '—';
}

function CategoryError({ id, error }: { id: string; error: string }) {
  const { t: te } = useTranslation('errors');
  return (
    <p id={id} className="field-error" role="alert">
      {te(error)}
    </p>
  );
}
