import { useId } from 'react';
import { useTranslation } from '../i18n/use-translation';

interface CheckboxGroupProps<T extends string> {
  legend: string;
  hint?: string;
  options: readonly { value: T; label: string }[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  /** A translation key in the "errors" namespace. */
  error?: string | undefined;
  required?: boolean;
}

/** Several choices from a short list, as large tappable boxes. */
export function CheckboxGroup<T extends string>({ legend, hint, options, value, onChange, error, required }: CheckboxGroupProps<T>) {
  const { t } = useTranslation('errors');
  const { t: tc } = useTranslation();
  const id = useId();
  const toggle = (option: T, checked: boolean) => onChange(checked ? [...value, option] : value.filter((item) => item !== option));
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

interface SegmentedProps<T extends string> {
  legend: string;
  name: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}

/** One of a few short choices side by side (a condition, a gender), each a large tap target. */
export function Segmented<T extends string>({ legend, name, options, value, onChange }: SegmentedProps<T>) {
  return (
    <fieldset className="segmented">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value || 'none'} className={value === option.value ? 'segment segment-active' : 'segment'}>
          <input type="radio" name={name} className="visually-hidden" checked={value === option.value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
