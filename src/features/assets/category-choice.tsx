import { useTranslation } from '../../i18n/use-translation';
import { ASSET_CATEGORIES, type AssetCategory } from '../../core/model';
import { CategoryIcon } from './category-icon';

interface CategoryChoiceProps {
  value: AssetCategory | '';
  onChange: (category: AssetCategory) => void;
  /** A translation key in the "errors" namespace. */
  error: string | undefined;
}

/** The asset's kind, picked from large tiles with a picture each (required). */
export function CategoryChoice({ value, onChange, error }: CategoryChoiceProps) {
  const { t } = useTranslation('assets');
  const { t: tc } = useTranslation();
  const { t: te } = useTranslation('errors');
  return (
    <fieldset className={error ? 'field category-grid field-invalid' : 'field category-grid'} aria-describedby={error ? 'category-error' : undefined}>
      <legend>
        {t('field.category')}
        <span className="field-required"> ({tc('form.required')})</span>
      </legend>
      {ASSET_CATEGORIES.map((category) => (
        <label key={category} className={value === category ? 'category-choice category-choice-active' : 'category-choice'}>
          <input type="radio" name="category" value={category} className="visually-hidden" checked={value === category} onChange={() => onChange(category)} />
          <CategoryIcon category={category} />
          <span>{t(`category.${category}`)}</span>
        </label>
      ))}
      {error && (
        <p id="category-error" className="field-error" role="alert">
          {te(error)}
        </p>
      )}
    </fieldset>
  );
}
