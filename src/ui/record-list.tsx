import { Fragment, type ReactNode } from 'react';
import { FIRST_SCREENFUL, TYPED_SCREENFUL, TYPING_PAUSE_MS, useFirstScreenful } from './use-first-screenful';

/**
 * A list of record cards that can change all at once (a search's results, a list's first page):
 * its first screenful is drawn at once and the rest once that is painted (see `useFirstScreenful`).
 * `card` draws one record; `keyOf` names it, for React and for telling a new list from the same one.
 * A search's results are `typed`: fewer cards show while the keyboard is up, and the rest would be
 * thrown away at the next letter.
 */
export function RecordList<T>({
  items,
  keyOf,
  card,
  typed = false,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  card: (item: T) => ReactNode;
  /** The results of a search being typed: a smaller first screenful, the rest once typing pauses. */
  typed?: boolean;
}) {
  const drawn = useFirstScreenful(items, keyOf, typed ? TYPED_SCREENFUL : FIRST_SCREENFUL, typed ? TYPING_PAUSE_MS : 0);
  return (
    <ul className="record-list">
      {drawn.map((item) => (
        <Fragment key={keyOf(item)}>{card(item)}</Fragment>
      ))}
    </ul>
  );
}
