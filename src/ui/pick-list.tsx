import { useId } from 'react';
import { useTranslation } from '../i18n/use-translation';

interface PickListProps {
  legend: string;
  hint?: string;
  /** What can be chosen; the chosen ones are left out of the menu. */
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  addLabel: string;
  error?: string | undefined;
  /** Names a chosen value no longer among the options (e.g. a community not on this phone). */
  fallbackLabel: string;
}

/** Chooses a few from a long list: a menu to add one, and the chosen ones with a button to take each off. */
export function PickList({ legend, hint, options, value, onChange, addLabel, error, fallbackLabel }: PickListProps) {
  const { t: tc } = useTranslation();
  const { t: te } = useTranslation('errors');
  const id = useId();
  const labels = new Map(options.map((option) => [option.value, option.label]));
  const remaining = options.filter((option) => !value.includes(option.value));
  return (
    <fieldset
      className={error ? 'field pick-list field-invalid' : 'field pick-list'}
      aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {value.length > 0 && (
        <ul className="picked">
          {value.map((item) => (
            <li key={item} className="picked-item">
              <span>{labels.get(item) ?? fallbackLabel}</span>
              <button
                type="button"
                className="button button-small"
                onClick={() => onChange(value.filter((other) => other !== item))}
                aria-label={`${tc('files.removeShort')}: ${labels.get(item) ?? fallbackLabel}`}
              >
                {tc('files.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {remaining.length > 0 && (
        <select
          aria-label={addLabel}
          value=""
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            if (event.target.value) onChange([...value, event.target.value]);
          }}
        >
          <option value="">{addLabel}</option>
          {remaining.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {te(error)}
        </p>
      )}
    </fieldset>
  );
}
