import { act, fireEvent, render, screen } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { askAhead, useSearchAnswer, useTypedSearch } from '../../../src/ui/use-search';
import { SearchBox } from '../../../src/ui/search-box';

/** Answers the search asks for, resolved by the test when it chooses; `asked` counts the questions. */
function controlledAnswers() {
  const waiting = new Map<string, (answer: string) => void>();
  const asked = new Map<string, number>();
  return {
    asked,
    ask: (key: string) => () => {
      asked.set(key, (asked.get(key) ?? 0) + 1);
      return new Promise<string>((resolve) => waiting.set(key, resolve));
    },
    answer: (key: string, text: string) => act(async () => waiting.get(key)!(text)),
  };
}

function Answer({ query, ask }: { query: string | null; ask: (key: string) => () => Promise<string> }) {
  const answer = useSearchAnswer(ask(query ?? ''), query, 'library');
  return <p data-testid="answer">{answer ?? '(none)'}</p>;
}

describe('an answer from the search', () => {
  it('keeps the last answer while the next question is asked, and forgets it once nothing is asked', async () => {
    const answers = controlledAnswers();
    const { rerender } = render(<Answer query="wa" ask={answers.ask} />);
    expect(screen.getByTestId('answer')).toHaveTextContent('(none)');
    await answers.answer('wa', 'results for wa');
    expect(screen.getByTestId('answer')).toHaveTextContent('results for wa');

    // Typing on: the results stay until the new ones come (nothing blinks).
    rerender(<Answer query="wat" ask={answers.ask} />);
    expect(screen.getByTestId('answer')).toHaveTextContent('results for wa');
    await answers.answer('wat', 'results for wat');
    expect(screen.getByTestId('answer')).toHaveTextContent('results for wat');

    // The box emptied: no answer; a new search later does not first show the old results.
    rerender(<Answer query={null} ask={answers.ask} />);
    expect(screen.getByTestId('answer')).toHaveTextContent('(none)');
    rerender(<Answer query="b" ask={answers.ask} />);
    expect(screen.getByTestId('answer')).toHaveTextContent('(none)');
    await answers.answer('b', 'results for b');
    expect(screen.getByTestId('answer')).toHaveTextContent('results for b');
  });

  it('never shows an answer that comes after its question was dropped', async () => {
    const answers = controlledAnswers();
    const { rerender } = render(<Answer query="late" ask={answers.ask} />);
    rerender(<Answer query={null} ask={answers.ask} />);
    await answers.answer('late', 'results for late');
    expect(screen.getByTestId('answer')).toHaveTextContent('(none)');
  });
});

/** A search screen as the library's and the circles' are: the box, the text taken, its answer, and how often it drew. */
function TypedScreen({ answers, drawn }: { answers: ReturnType<typeof controlledAnswers>; drawn: string[] }) {
  const [text, type] = useTypedSearch((typed) => (typed ? askAhead('library', typed, answers.ask(typed)) : null));
  const answer = useSearchAnswer(answers.ask(text), text || null, 'library');
  // Each drawing put on the screen (a render React drops before committing is not one).
  useLayoutEffect(() => {
    drawn.push(`${text}=${answer ?? '(none)'}`);
  });
  return (
    <>
      <SearchBox label="search" placeholder="" initial={text} onChange={type} />
      <p data-testid="text">{text}</p>
      <p data-testid="answer">{answer ?? '(none)'}</p>
    </>
  );
}

describe('a search typed in its box', () => {
  it('draws nothing of the screen on a keystroke, then the text with its answer together, asked once', async () => {
    const answers = controlledAnswers();
    const drawn: string[] = [];
    render(<RouterProvider router={createMemoryRouter([{ path: '/', element: <TypedScreen answers={answers} drawn={drawn} /> }])} />);
    const box = screen.getByLabelText('search');
    const before = drawn.length;

    fireEvent.change(box, { target: { value: 'w' } });
    expect(box).toHaveValue('w');
    expect(drawn.length).toBe(before);
    expect(screen.getByTestId('text')).toHaveTextContent('');

    await answers.answer('w', 'results for w');
    expect(screen.getByTestId('text')).toHaveTextContent('w');
    expect(screen.getByTestId('answer')).toHaveTextContent('results for w');
    // Never the new text with the old answer, and the screen does not ask again what was answered ahead.
    expect(drawn.slice(before)).not.toContain('w=(none)');
    expect(answers.asked.get('w')).toBe(1);
  });

  it('takes only the last keystroke: an earlier answer that comes late is not drawn', async () => {
    const answers = controlledAnswers();
    const drawn: string[] = [];
    render(<RouterProvider router={createMemoryRouter([{ path: '/', element: <TypedScreen answers={answers} drawn={drawn} /> }])} />);
    const box = screen.getByLabelText('search');
    fireEvent.change(box, { target: { value: 'wa' } });
    fireEvent.change(box, { target: { value: 'wat' } });
    await answers.answer('wat', 'results for wat');
    await answers.answer('wa', 'results for wa');
    expect(screen.getByTestId('text')).toHaveTextContent('wat');
    expect(screen.getByTestId('answer')).toHaveTextContent('results for wat');
    expect(drawn.some((entry) => entry.startsWith('wa='))).toBe(false);
    expect(box).toHaveValue('wat');

    // Emptied: nothing to ask, taken at once.
    fireEvent.change(box, { target: { value: '' } });
    expect(screen.getByTestId('text')).toHaveTextContent('');
    expect(screen.getByTestId('answer')).toHaveTextContent('(none)');
  });
});
