import { startTransition, useEffect, useState } from 'react';
import { afterPaint } from './when-idle';

/** About what a 360 × 740 phone shows of a list of cards under a screen's title and search box. */
export const FIRST_SCREENFUL = 6;

/**
 * The same for a search's results while it is typed: the keyboard then covers the lower part of
 * the screen (about 300 px of 740), and the cards start under the search box (at about 400 px in
 * the library, 550 px in the circles; each 120–240 px tall), so one card at most is in sight while
 * typing, and two fill the screen once the keyboard is closed. The rest follow a frame later.
 */
export const TYPED_SCREENFUL = 2;

/**
 * How long typing pauses before a typed search's results are drawn beyond their first screenful:
 * while letters keep coming, each answer replaces the last, and drawing the rest of one (only to
 * throw it away at the next letter) would hold up the next letter's results on a slow phone.
 */
export const TYPING_PAUSE_MS = 400;

/**
 * The items of a list to draw now. A list that changed (a search's new results, the first page at
 * start) draws its first screenful at once and the rest once that is painted, in a transition
 * (React draws it in slices and drops it if the list changes again): on a slow phone the cards in
 * sight come sooner, and their frame lays out and paints only them. Cards already drawn stay drawn: the same results again, or more of them ("show more"),
 * draw in full at once.
 */
export function useFirstScreenful<T>(items: readonly T[], keyOf: (item: T) => string, first = FIRST_SCREENFUL, restAfterMs = 0): readonly T[] {
  const [complete, setComplete] = useState<readonly T[] | null>(null);
  const kept = complete ? samePrefix(complete, items, keyOf) : 0;
  const now = complete === items ? items.length : Math.max(first, kept);
  // More of the same list ("show more") is not a new letter's answer: the rest comes at once.
  const waitMs = complete !== null && kept === complete.length ? 0 : restAfterMs;
  useEffect(() => {
    if (now >= items.length) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const draw = () => startTransition(() => setComplete(items));
    const cancel = afterPaint(() => {
      if (waitMs > 0) timer = setTimeout(draw, waitMs);
      else draw();
    });
    return () => {
      cancel();
      clearTimeout(timer);
    };
  }, [items, now, waitMs]);
  return now >= items.length ? items : items.slice(0, now);
}

/** How many items at the start of both lists are the same records, in the same order. */
function samePrefix<T>(a: readonly T[], b: readonly T[], keyOf: (item: T) => string): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && keyOf(a[index]!) === keyOf(b[index]!)) index += 1;
  return index;
}
