import { Fragment, type ReactNode } from 'react';
import { useFirstScreenful } from './use-first-screenful';

/**
 * A list of record cards that can change all at once (a search's results, a list's first page):
 * its first screenful is drawn at once and the rest once that is painted (see `useFirstScreenful`).
 * `card` draws one record; `keyOf` names it, for React and for telling a new list from the same one.
 */
export function RecordList<T>({ items, keyOf, card }: { items: readonly T[]; keyOf: (item: T) => string; card: (item: T) => ReactNode }) {
  const drawn = useFirstScreenful(items, keyOf);
  return (
    <ul className="record-list">
      {drawn.map((item) => (
        <Fragment key={keyOf(item)}>{card(item)}</Fragment>
      ))}
    </ul>
  );
}
