import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSearchAnswer } from '../../../src/ui/use-search';

/** Answers the search asks for, resolved by the test when it chooses. */
function controlledAnswers() {
  const waiting = new Map<string, (answer: string) => void>();
  return {
    ask: (key: string) => () => new Promise<string>((resolve) => waiting.set(key, resolve)),
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
