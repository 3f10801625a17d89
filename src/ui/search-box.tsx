import { useId } from 'react';

/**
 * A search field: its label read aloud, the keyboard's "search" key, no autocomplete of past words.
 * It shows what is typed itself, starting from `initial`: a keystroke draws nothing else until the
 * screen takes it (see useTypedSearch).
 */
export function SearchBox({
  label,
  placeholder,
  initial,
  onChange,
}: {
  label: string;
  placeholder: string;
  initial: string;
  onChange: (text: string) => void;
}) {
  const id = useId();
  return (
    <div className="search-box" role="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        defaultValue={initial}
        placeholder={placeholder}
        autoComplete="off"
        enterKeyHint="search"
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
