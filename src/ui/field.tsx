import { useId, type ReactNode } from 'react';
import { useTranslation } from '../i18n/use-translation';

interface FieldShellProps {
  label: string;
  hint?: string | undefined;
  /** A translation key in the "errors" namespace. */
  error?: string | undefined;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}

function FieldShell({ label, hint, error, required, children }: FieldShellProps) {
  const { t } = useTranslation('errors');
  const { t: tc } = useTranslation();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && <span className="field-required"> ({tc('form.required')})</span>}
      </label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {children({ id, describedBy })}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {t(error)}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  maxLength?: number;
  autoComplete?: string;
  type?: 'text' | 'month' | 'date' | 'tel' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel';
  placeholder?: string;
}

export function TextField({ label, value, onChange, hint, error, required, maxLength, autoComplete, type, inputMode, placeholder }: TextFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} required={required ?? false}>
      {({ id, describedBy }) => (
        <input
          id={id}
          type={type ?? 'text'}
          inputMode={inputMode}
          placeholder={placeholder}
          value={value}
          maxLength={maxLength}
          autoComplete={autoComplete ?? 'off'}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={required || undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldShell>
  );
}

export function TextArea({ label, value, onChange, hint, error, required, maxLength }: TextFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} required={required ?? false}>
      {({ id, describedBy }) => (
        <textarea
          id={id}
          value={value}
          rows={5}
          maxLength={maxLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldShell>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  /** Called with one of the options' values, or '' for the placeholder. */
  onChange: (value: T) => void;
  options: readonly { value: T; label: string }[];
  /** Shown as the first, empty choice. */
  placeholder?: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}

export function SelectField<T extends string>({ label, value, onChange, options, placeholder, hint, error, required }: SelectFieldProps<T>) {
  return (
    <FieldShell label={label} hint={hint} error={error} required={required ?? false}>
      {({ id, describedBy }) => (
        <select
          id={id}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={required || undefined}
          onChange={(event) => onChange(event.target.value as T)}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** After a refused save, takes the person to the first field that needs fixing. */
export function focusFirstInvalid(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.field-invalid input, .field-invalid textarea, .field-invalid select')?.focus());
}
