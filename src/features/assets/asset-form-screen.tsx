import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ASSET_CATEGORIES } from '../../core/model';
import { assetFormSchema, LIMITS, validate, type AssetFormValues, type FieldErrors } from '../../core/validation';
import { createAsset, deleteAsset, getAsset, updateAsset } from '../../db/assets';
import { db } from '../../db/instance';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { Page } from '../../ui/page';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useFormDraft } from '../../ui/use-form-draft';

const EMPTY: AssetFormValues = { name: '', category: '' as AssetFormValues['category'], description: '' };

export function AssetFormScreen() {
  const { id } = useParams();
  const isNew = id === undefined;
  const { t } = useTranslation('assets');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  // undefined while loading, null when the asset does not exist (or was deleted meanwhile).
  const existing = useLiveQuery(async () => (isNew ? null : ((await getAsset(db, id)) ?? null)), [id]);
  const initial = useMemo<AssetFormValues | undefined>(() => {
    if (isNew) return EMPTY;
    if (!existing) return undefined;
    return { name: existing.name, category: existing.category, description: existing.description };
  }, [isNew, existing]);
  const draftKey = isNew ? 'asset:new' : `asset:${id}`;
  const form = useFormDraft<AssetFormValues>(draftKey, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [saving, setSaving] = useState(false);

  if (!isNew && existing === null) {
    return (
      <Page title={t('notFound')} backTo="/assets">
        <p>{t('notFoundText')}</p>
      </Page>
    );
  }

  const values = form.values;
  const categoryOptions = ASSET_CATEGORIES.map((category) => ({ value: category, label: t(`category.${category}`) }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!values || saving) return;
    const result = validate(assetFormSchema, values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      if (isNew) {
        if (!community) return;
        await createAsset(db, community.id, result.value, { clearDraft: draftKey });
      } else {
        await updateAsset(db, id, result.value, { clearDraft: draftKey });
      }
      form.markSaved();
      void navigate('/assets', { state: { saved: true } });
    } finally {
      setSaving(false);
    }
  }

  async function onCancel() {
    await form.discard();
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
      {values && (
        <form className="form" onSubmit={onSubmit} noValidate>
          {form.restored && (
            <p className="notice" role="status">
              {tc('form.restored')}
            </p>
          )}
          <TextField
            label={t('field.name')}
            value={values.name}
            onChange={(name) => form.update({ name })}
            error={errors.name}
            required
            maxLength={LIMITS.name}
          />
          <SelectField
            label={t('field.category')}
            value={values.category}
            onChange={(category) => form.update({ category: category as AssetFormValues['category'] })}
            options={categoryOptions}
            placeholder={tc('form.choose')}
            error={errors.category}
            required
          />
          <TextArea
            label={t('field.description')}
            hint={t('field.descriptionHint')}
            value={values.description}
            onChange={(description) => form.update({ description })}
            error={errors.description}
            maxLength={LIMITS.description}
          />
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
