import { Fragment, type ReactNode } from 'react';
import { useFirstScreenful } from './use-first-screenful';

/**
 * A list of record cards that can change all at once (a search's results, a list's first page):
 * its first screenful is drawn at once and the rest once that is painted (see `useFirstScreenful`).
 * `card` draws one record; `keyOf` names it, for React and for telling a new list from the same one.
 * A search's results pass `first={TYPED_SCREENFUL}`: fewer cards show while the keyboard is up.
 */
export function RecordList<T>({
  items,
  keyOf,
  card,
  first,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  card: (item: T) => ReactNode;
  /** How many cards make the first screenful (FIRST_SCREENFUL unless said). */
  first?: number;
}) {
  const drawn = useFirstScreenful(items, keyOf, first);
  return (
    <ul className="record-list">
      {drawn.map((item) => (
        <Fragment key={keyOf(item)}>{card(item)}</Fragment>
      ))}
    </ul>
  );
}
