import { act, render, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startI18n, switchLanguage } from '../../../src/i18n/setup';
import { useLanguageCode, useTranslation } from '../../../src/i18n/use-translation';

beforeAll(async () => {
  await startI18n('en');
});
afterAll(async () => {
  await switchLanguage('en');
});

function Texts({ count }: { count: number }) {
  const { t } = useTranslation('practice');
  const { t: common } = useTranslation();
  const language = useLanguageCode();
  return (
    <p data-testid="texts">
      {language}|{t('answers', { count })}|{t('answered')}|{t('desk.waiting', { days: count })}|{common('language')}
    </p>
  );
}

describe('texts in components', () => {
  it('gives the same text for a key, with or without a count, as i18next does, and draws again in a new language', async () => {
    const { rerender } = render(<Texts count={1} />);
    expect(screen.getByTestId('texts')).toHaveTextContent('en|1 answer|Answer accepted|Waiting over 1 days|Language');
    // Remembered texts are per count: a second count is not the first one's text.
    rerender(<Texts count={5} />);
    expect(screen.getByTestId('texts')).toHaveTextContent('en|5 answers|Answer accepted|Waiting over 5 days|Language');
    rerender(<Texts count={1} />);
    expect(screen.getByTestId('texts')).toHaveTextContent('en|1 answer|');

    // Switching language draws every component again, with that language's plural forms.
    await act(() => switchLanguage('ru'));
    expect(screen.getByTestId('texts')).toHaveTextContent('ru|1 ответ|');
    rerender(<Texts count={5} />);
    expect(screen.getByTestId('texts')).toHaveTextContent('ru|5 ответов|');
    rerender(<Texts count={3} />);
    expect(screen.getByTestId('texts')).toHaveTextContent('ru|3 ответа|');
    await act(() => switchLanguage('ky'));
    expect(screen.getByTestId('texts')).toHaveTextContent('ky|Жооптор: 3|');
    // Back in a language seen before, its texts are still its own.
    await act(() => switchLanguage('en'));
    expect(screen.getByTestId('texts')).toHaveTextContent('en|3 answers|Answer accepted|Waiting over 3 days|Language');
  });
});
