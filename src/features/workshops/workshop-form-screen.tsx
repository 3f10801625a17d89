import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { WORKSHOP_TEXTS, WORKSHOP_TYPES, type GeoPoint } from '../../core/model';
import { WORKSHOP_LIMITS, workshopFormSchema } from '../../core/validation';
import { localToday, tallyOf } from '../../core/workshops';
import { db } from '../../db/instance';
import { createWorkshop, deleteWorkshop, getWorkshop, updateWorkshop } from '../../db/workshops';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { PhotosField } from '../../ui/form/photos-field';
import { DeleteZone, RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { MissingRecordPage, Page } from '../../ui/page';
import { PickList } from '../../ui/pick-list';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { TallyField } from './tally-field';
import { useCaseStudyChoices } from './use-workshop-data';
import { useCommunities } from '../../ui/use-communities';
import { workshopFormValues } from './workshop-model';
import { PlaceAndPeople } from './place-and-people';

/**
 * An event's write-up: what it was, when and where, who hosted and who came, how many people by
 * role and gender, and what was learnt and decided. Every keystroke is kept as a draft.
 */
export function WorkshopFormScreen() {
  const { id } = useParams();
  const isNew = id === undefined;
  // A learning team's event (from the team's screen): its members read it.
  const [params] = useSearchParams();
  const teamId = isNew ? params.get('team') : null;
  const { t } = useTranslation('workshops');
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  const communities = useCommunities();
  const caseStudyOptions = useCaseStudyChoices();
  const existing = useLiveQuery(async () => (isNew ? null : ((await getWorkshop(db, id)) ?? null)), [id]);
  const initial = useMemo(() => {
    if (!isNew) return existing ? workshopFormValues(existing) : undefined;
    return community === undefined ? undefined : workshopFormValues({ startDate: localToday(), hostCommunityId: community?.id ?? '' });
  }, [isNew, existing, community]);
  const draftKey = isNew ? 'workshop:new' : `workshop:${id}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: workshopFormSchema,
    photos: { collection: 'workshops', isNew },
    ready: !isNew || !!community,
    write: ({ tally, location, endDate, hostCommunityId, ...rest }, values) => {
      const input = {
        ...rest,
        endDate: endDate || null,
        hostCommunityId: hostCommunityId || null,
        location: (location as GeoPoint | null) ?? null,
        tally: tallyOf(tally),
      };
      return isNew
        ? createWorkshop(db, community!.id, teamId ? { ...input, teamId } : input, { clearDraft: draftKey, id: values.recordId })
        : updateWorkshop(db, id, input, { clearDraft: draftKey });
    },
    onSaved: ({ photoProblem, values }) => void navigate(`/workshops/${values.recordId}`, { replace: isNew, state: { saved: true, photoProblem } }),
  });

  if (!isNew && existing === null) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/workshops" />;
  const values = form.values;
  const backTo = isNew ? '/workshops' : `/workshops/${id}`;
  const deleteAndLeave = async () => {
    await form.discard();
    await deleteWorkshop(db, id!);
    void navigate('/workshops');
  };
  const communityOptions = (communities?.list ?? []).map((option) => ({ value: option.id, label: communities!.choice(option.id) }));

  return (
    <Page title={isNew ? t('form.newTitle') : t('form.editTitle')} backTo={backTo}>
      {values && (
        <RecordFormFrame
          form={form}
          onCancelled={() => void navigate(backTo)}
          footer={!isNew && <DeleteZone question={t('deleteQuestion')} confirmLabel={t('deleteConfirm')} onDelete={deleteAndLeave} />}
        >
          <p className="field-hint">{t('form.autosaved')}</p>
          <SelectField
            label={t('field.type')}
            {...form.field('type')}
            options={WORKSHOP_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
            placeholder={t('form.chooseType')}
            required
          />
          <TextField label={t('field.title')} {...form.field('title')} required maxLength={WORKSHOP_LIMITS.title} />
          <div className="field-row">
            <TextField type="date" label={t('field.startDate')} {...form.field('startDate')} required />
            <TextField type="date" label={t('field.endDate')} {...form.field('endDate')} />
          </div>

          <PlaceAndPeople form={form} communityOptions={communityOptions} />

          <h2 className="section-title">{t('form.whoCame')}</h2>
          <TallyField value={values.tally} onChange={(tally) => form.update({ tally })} errors={form.errors} />
          <p className="field-hint">{t('form.namedLater')}</p>

          <h2 className="section-title">{t('form.writeUp')}</h2>
          {WORKSHOP_TEXTS.map((field) => (
            <TextArea key={field} label={t(`field.${field}`)} hint={t(`field.${field}Hint`)} {...form.field(field)} maxLength={WORKSHOP_LIMITS.text} />
          ))}
          <PickList
            legend={t('field.linkedCaseStudies')}
            hint={t('field.linkedCaseStudiesHint')}
            options={caseStudyOptions}
            {...form.field('linkedCaseStudyIds')}
            addLabel={t('form.addCaseStudy')}
            fallbackLabel={t('unknownCaseStudy')}
          />
          <PhotosField legend={t('field.photos')} hint={t('field.photosHint')} {...form.photoField(existing?.photos)} />
        </RecordFormFrame>
      )}
    </Page>
  );
}
