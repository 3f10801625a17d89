import { useTranslation } from '../../i18n/use-translation';
import { localizedName } from '../../core/model';
import { SelectField } from '../../ui/field';
import { useLanguage } from '../../ui/use-app-data';
import type { Gazetteer } from './use-gazetteer';

interface RayonPickerProps {
  gazetteer: Gazetteer;
  regionCode: string;
  rayonCode: string;
  onChange: (next: { regionCode: string; rayonCode: string }) => void;
  rayonError?: string | undefined;
}

/** Oblast (or city of republican significance), then its rayon. */
export function RayonPicker({ gazetteer, regionCode, rayonCode, onChange, rayonError }: RayonPickerProps) {
  const { t } = useTranslation('gazetteer');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
  const rayons = regionCode ? gazetteer.rayonsOf(regionCode) : [];
  return (
    <>
      <SelectField
        label={t('oblast')}
        value={regionCode}
        placeholder={tc('form.choose')}
        options={gazetteer.regions.map((unit) => ({ value: unit.code, label: localizedName(unit.name, lang) }))}
        onChange={(next) => {
          const nextRayons = next ? gazetteer.rayonsOf(next) : [];
          onChange({ regionCode: next, rayonCode: nextRayons.length === 1 ? nextRayons[0]!.code : '' });
        }}
        required
      />
      <SelectField
        label={t('rayon')}
        value={rayonCode}
        placeholder={tc('form.choose')}
        options={rayons.map((unit) => ({ value: unit.code, label: localizedName(unit.name, lang) }))}
        onChange={(next) => onChange({ regionCode, rayonCode: next })}
        error={rayonError}
        required
      />
    </>
  );
}
