import { useTranslation } from '../../i18n/use-translation';
import type { GeoPoint } from '../../core/model';
import { WORKSHOP_LIMITS } from '../../core/validation';
import { SelectField, TextField } from '../../ui/field';
import type { RecordForm } from '../../ui/form/use-record-form';
import { LocationField } from '../../ui/location-field';
import { PickList } from '../../ui/pick-list';
import type { WorkshopFormState } from './workshop-model';

/** Where the event was and who hosted, who visited and who facilitated: part of the event's form. */
export function PlaceAndPeople({ form, communityOptions }: { form: RecordForm<WorkshopFormState>; communityOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation('workshops');
  const values = form.values!;
  return (
    <>
      <h2 className="section-title">{t('form.placeAndPeople')}</h2>
      <SelectField
        label={t('field.host')}
        hint={t('field.hostHint')}
        {...form.field('hostCommunityId')}
        options={communityOptions}
        placeholder={t('form.noCommunity')}
      />
      <PickList
        legend={t('field.visitors')}
        hint={t('field.visitorsHint')}
        options={communityOptions.filter((option) => option.value !== values.hostCommunityId)}
        {...form.field('visitingCommunityIds')}
        addLabel={t('form.addCommunity')}
        fallbackLabel={t('unknownCommunity')}
      />
      <LocationField value={(values.location as GeoPoint | null) ?? null} onChange={(location) => form.update({ location })} />
      <TextField label={t('field.facilitators')} hint={t('field.facilitatorsHint')} {...form.field('facilitators')} maxLength={WORKSHOP_LIMITS.facilitators} />
    </>
  );
}
