import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate, useParams } from 'react-router';
import { newId } from '../../core/ids';
import { ASSET_CONDITIONS, type Asset, type GeoPoint } from '../../core/model';
import { assetFormSchema, LIMITS, type AssetFormValues } from '../../core/validation';
import { createAsset, deleteAsset, getAsset, updateAsset } from '../../db/assets';
import { db } from '../../db/instance';
import { Segmented } from '../../ui/choices';
import { ConflictNotice } from '../../ui/conflict-notice';
import { TextArea, TextField } from '../../ui/field';
import { PhotosField } from '../../ui/form/photos-field';
import { DeleteZone, RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm, type WithPendingPhotos } from '../../ui/form/use-record-form';
import { LocationField } from '../../ui/location-field';
import { MissingRecordPage, Page } from '../../ui/page';
import { ShareCard, SharedRecordNote } from '../../ui/share-card';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { mayEditRecord, useSession } from '../../ui/use-session';
import { CategoryChoice } from './category-choice';
import { showAssetValue } from './asset-model';

type Values = AssetFormValues & WithPendingPhotos;

function valuesOf(doc: Partial<Asset>): Values {
  return {
    name: doc.name ?? '',
    category: doc.category ?? ('' as Values['category']),
    description: doc.description ?? '',
    condition: doc.condition ?? '',
    steward: doc.steward ?? '',
    access: doc.access ?? '',
    dispute: doc.dispute ?? '',
    tags: (doc.tags ?? []).join(', '),
    location: doc.location ?? null,
    pendingPhotos: [],
    recordId: doc.id ?? newId(),
  };
}

/** A community asset: what it is, its state, where it is, who looks after it, and photos. */
export function AssetFormScreen() {
  const { id } = useParams();
  const isNew = id === undefined;
  const { t } = useTranslation('assets');
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  const session = useSession();
  // undefined while loading, null when the asset does not exist (or was deleted meanwhile).
  const existing = useLiveQuery(async () => (isNew ? null : ((await getAsset(db, id)) ?? null)), [id]);
  const initial = useMemo(() => (isNew ? valuesOf({}) : existing ? valuesOf(existing) : undefined), [isNew, existing]);
  const draftKey = isNew ? 'asset:new' : `asset:${id}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: assetFormSchema,
    photos: { collection: 'assets', isNew },
    ready: !isNew || !!community,
    write: (value, values) => {
      const input = { ...value, location: value.location as GeoPoint | null };
      return isNew
        ? createAsset(db, community!.id, input, { clearDraft: draftKey, id: values.recordId })
        : updateAsset(db, id, input, { clearDraft: draftKey });
    },
    onSaved: ({ photoProblem }) => void navigate('/assets', { state: { saved: true, photoProblem } }),
  });

  if (!isNew && existing === null) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/assets" />;
  const values = form.values;
  // A record another community shared with this one is read here, never changed.
  const readOnly = !isNew && existing ? !mayEditRecord(session, existing) : false;
  const deleteAndLeave = async () => {
    await form.discard();
    await deleteAsset(db, id!);
    void navigate('/assets');
  };

  return (
    <Page title={isNew ? t('newTitle') : t('editTitle')} backTo="/assets">
      {existing && (
        <ConflictNotice
          collection="assets"
          record={existing}
          label={(field) => t(`field.${field}`)}
          show={(field, value) => showAssetValue(t, field, value)}
          editable={!readOnly}
        />
      )}
      {readOnly && existing && <SharedRecordNote communityId={existing.communityId} />}
      {values && (
        <RecordFormFrame
          form={form}
          readOnly={readOnly}
          onCancelled={() => void navigate('/assets')}
          footer={!isNew && <DeleteZone question={t('deleteQuestion')} confirmLabel={t('deleteConfirm')} onDelete={deleteAndLeave} />}
        >
          <CategoryChoice {...form.field('category')} />
          <TextField label={t('field.name')} {...form.field('name')} required maxLength={LIMITS.name} />
          <TextArea label={t('field.description')} hint={t('field.descriptionHint')} {...form.field('description')} maxLength={LIMITS.description} />
          <Segmented
            legend={t('field.condition')}
            name="condition"
            options={(['', ...ASSET_CONDITIONS] as const).map((condition) => ({ value: condition, label: t(`condition.${condition || 'unknown'}`) }))}
            {...form.field('condition')}
          />
          <LocationField value={(values.location as GeoPoint | null) ?? null} onChange={(location) => form.update({ location })} />
          <TextField label={t('field.steward')} hint={t('field.stewardHint')} {...form.field('steward')} maxLength={LIMITS.steward} />
          <TextArea label={t('field.access')} hint={t('field.accessHint')} {...form.field('access')} maxLength={LIMITS.access} />
          <TextArea label={t('field.dispute')} hint={t('field.disputeHint')} {...form.field('dispute')} maxLength={LIMITS.dispute} />
          <TextField label={t('field.tags')} hint={t('field.tagsHint')} {...form.field('tags')} />
          <PhotosField legend={t('field.photos')} {...form.photoField(existing?.photos)} />
        </RecordFormFrame>
      )}
      {existing && !readOnly && <ShareCard collection="assets" record={existing} />}
    </Page>
  );
}
