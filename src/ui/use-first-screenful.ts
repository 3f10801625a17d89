import { startTransition, useEffect, useState } from 'react';
import { afterPaint } from './when-idle';

/** About what a 360 × 740 phone shows of a list of cards under a screen's title and search box. */
export const FIRST_SCREENFUL = 6;

/**
 * The same for a search's results while it is typed: the keyboard then covers the lower part of
 * the screen, and the cards start under the search box (at about 400 px of 740 in the library,
 * each 120–240 px tall), so two are the most that show; three leave room for a taller phone.
 */
export const TYPED_SCREENFUL = 3;

/**
 * The items of a list to draw now. A list that changed (a search's new results, the first page at
 * start) draws its first screenful at once and the rest once that is painted, in a transition
 * (React draws it in slices and drops it if the list changes again): on a slow phone the cards in
 * sight come sooner, and their frame lays out and paints only them. Cards already drawn stay drawn: the same results again, or more of them ("show more"),
 * draw in full at once.
 */
export function useFirstScreenful<T>(items: readonly T[], keyOf: (item: T) => string, first = FIRST_SCREENFUL): readonly T[] {
  const [complete, setComplete] = useState<readonly T[] | null>(null);
  const now = complete === items ? items.length : Math.max(first, complete ? samePrefix(complete, items, keyOf) : 0);
  useEffect(() => {
    if (now >= items.length) return undefined;
    return afterPaint(() => startTransition(() => setComplete(items)));
  }, [items, now]);
  return now >= items.length ? items : items.slice(0, now);
}

/** How many items at the start of both lists are the same records, in the same order. */
function samePrefix<T>(a: readonly T[], b: readonly T[], keyOf: (item: T) => string): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && keyOf(a[index]!) === keyOf(b[index]!)) index += 1;
  return index;
}
