import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface CheckboxGroupProps {
  legend: string;
  hint?: string;
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  /** A translation key in the "errors" namespace. */
  error?: string | undefined;
  required?: boolean;
}

/** Several choices from a short list, as large tappable boxes. */
export function CheckboxGroup({ legend, hint, options, value, onChange, error, required }: CheckboxGroupProps) {
  const { t } = useTranslation('errors');
  const { t: tc } = useTranslation();
  const id = useId();
  const toggle = (option: string, checked: boolean) =>
    onChange(checked ? [...value, option] : value.filter((item) => item !== option));
  return (
    <fieldset className={error ? 'field choices field-invalid' : 'field choices'} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}>
      <legend>
        {legend}
        {required && <span className="field-required"> ({tc('form.required')})</span>}
      </legend>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="checkbox" checked={value.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
          <span>{option.label}</span>
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error)}
        </p>
      )}
    </fieldset>
  );
}

interface CheckboxProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
}

export function Checkbox({ label, checked, onChange, error }: CheckboxProps) {
  const { t } = useTranslation('errors');
  const id = useId();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="choice">
        <input type="checkbox" checked={checked} aria-describedby={error ? `${id}-error` : undefined} onChange={(event) => onChange(event.target.checked)} />
        <span>{label}</span>
      </label>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error)}
        </p>
      )}
    </div>
  );
}
