import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { RecordList } from '../../../src/ui/record-list';
import { useFirstScreenful } from '../../../src/ui/use-first-screenful';

const idOf = (item: string) => item;
const records = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

/** Records what each render drew, in order. */
function List({ items, draws, restAfterMs = 0 }: { items: readonly string[]; draws: string[][]; restAfterMs?: number }) {
  const drawn = useFirstScreenful(items, idOf, 3, restAfterMs);
  draws.push([...drawn]);
  return (
    <ul>
      {drawn.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

describe('a list drawn first screenful first', () => {
  it('draws a new list’s first items at once and the rest once they are painted', async () => {
    const draws: string[][] = [];
    const first = records('a', 8);
    const { rerender } = render(<List items={first} draws={draws} />);
    expect(draws[0]).toEqual(['a1', 'a2', 'a3']);
    // Not before the next frame: that frame lays out and paints only the first ones.
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(8));

    // New results: again the first screenful first, then all of them.
    draws.length = 0;
    const second = records('b', 8);
    await act(async () => rerender(<List items={second} draws={draws} />));
    expect(draws[0]).toEqual(['b1', 'b2', 'b3']);
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(8));
    expect(draws.at(-1)).toEqual(second);
  });

  it('draws in full at once what it drew before: the same records again, or more of them', async () => {
    const draws: string[][] = [];
    const { rerender } = render(<List items={records('a', 8)} draws={draws} />);
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(8));

    draws.length = 0;
    await act(async () => rerender(<List items={records('a', 8)} draws={draws} />));
    expect(draws.every((drawn) => drawn.length === 8)).toBe(true);

    // "Show more": the eight drawn stay, the new ones follow.
    draws.length = 0;
    await act(async () => rerender(<List items={records('a', 12)} draws={draws} />));
    expect(draws[0]).toEqual(records('a', 8));
    await waitFor(() => expect(draws.at(-1)).toEqual(records('a', 12)));

    // A short list is drawn whole.
    draws.length = 0;
    await act(async () => rerender(<List items={records('c', 2)} draws={draws} />));
    expect(draws.every((drawn) => drawn.length === 2)).toBe(true);
  });

  it('is what a record list draws: each record by its card, in order, all of them', async () => {
    const card = (item: string) => <li data-testid="card">{item.toUpperCase()}</li>;
    const { rerender } = render(<RecordList items={records('a', 9)} keyOf={idOf} card={card} />);
    await waitFor(() => expect(screen.getAllByTestId('card').map((item) => item.textContent)).toEqual(records('A', 9)));
    await act(async () => rerender(<RecordList items={records('b', 2)} keyOf={idOf} card={card} />));
    expect(screen.getAllByTestId('card').map((item) => item.textContent)).toEqual(['B1', 'B2']);
  });

  it('draws the rest of a typed search’s results only once typing pauses, and more of them at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
    try {
      const draws: string[][] = [];
      const { rerender } = render(<List items={records('a', 8)} draws={draws} restAfterMs={400} />);
      await act(async () => vi.advanceTimersByTime(300));
      expect(screen.getAllByRole('listitem')).toHaveLength(3);
      // The next letter's results before the pause: their first screenful, and the wait starts again.
      await act(async () => rerender(<List items={records('b', 8)} draws={draws} restAfterMs={400} />));
      await act(async () => vi.advanceTimersByTime(300));
      expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['b1', 'b2', 'b3']);
      await act(async () => vi.advanceTimersByTime(200));
      expect(screen.getAllByRole('listitem')).toHaveLength(8);
      expect(draws.some((drawn) => drawn.includes('a4'))).toBe(false);

      // "Show more": not a new letter, drawn a frame later without waiting.
      await act(async () => rerender(<List items={records('b', 12)} draws={draws} restAfterMs={400} />));
      await act(async () => vi.advanceTimersByTime(50));
      expect(screen.getAllByRole('listitem')).toHaveLength(12);
    } finally {
      vi.useRealTimers();
    }
  });
});
