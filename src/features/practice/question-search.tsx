import { memo, useCallback, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useSearchParams } from 'react-router';
import { CIRCLES, LANGUAGES, TOPICS } from '../../core/model';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import type { PracticeFilters } from '../../search/practice-index';
import { SelectField } from '../../ui/field';
import { SearchBox } from '../../ui/search-box';
import { useSettled } from '../../ui/use-settled';
import { circleLabelKey, SEARCH_FILTER_KEYS, type QuestionRow } from './practice-model';
import { RecordList } from '../../ui/record-list';
import { QuestionCard } from './question-card';
import { askPracticeAhead, usePracticeQuestion, usePracticeSearch, useTypedSearch } from '../../ui/use-search';

const PAGE_SIZE = 12;
/** How long a search may take before the circles give way to "searching…". */
const SEARCHING_SHOWN_AFTER_MS = 300;

/**
 * Searching the questions and answers on this phone, offline, as the library is searched; with
 * filters by circle, topic, answered or not, and language. The circles show while nothing is asked.
 */
export function QuestionSearch({ children }: { children: ReactNode }) {
  const { t } = useTranslation('practice');
  const [params, setParams] = useSearchParams();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const filterKey = SEARCH_FILTER_KEYS.map((key) => params.get(key) ?? '').join('|');
  const filters = useMemo<PracticeFilters>(
    () => Object.fromEntries(SEARCH_FILTER_KEYS.map((key, index) => [key, filterKey.split('|')[index]!]).filter(([, value]) => value)),
    [filterKey],
  );
  const active = Object.keys(filters).length;
  const whole = usePracticeQuestion();
  const questionOf = (typed: string, shown: number) =>
    typed.trim().length > 0 || active > 0 ? whole({ text: typed, filters, offset: 0, limit: shown }) : null;
  // A keystroke asks ahead; the text, a first page of its results and their answer are drawn together.
  const [text, type] = useTypedSearch(
    (typed) => {
      const question = questionOf(typed, PAGE_SIZE);
      return question && askPracticeAhead(question);
    },
    () => setLimit(PAGE_SIZE),
  );
  const searching = text.trim().length > 0 || active > 0;
  const answer = usePracticeSearch(searching ? { text, filters, offset: 0, limit } : null);
  // The circles stay until the first answer comes (a moment on a slow phone, drawn in one go
  // with it), unless it takes long enough to say "searching".
  const waiting = searching && answer === undefined;
  const waitedLong = useSettled(waiting, SEARCHING_SHOWN_AFTER_MS) && waiting;
  const showResults = searching && (answer !== undefined || waitedLong);
  const setFilter = useCallback(
    (key: string, value: string) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      );
      setLimit(PAGE_SIZE);
    },
    [setParams],
  );
  const clearFilters = useCallback(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const key of SEARCH_FILTER_KEYS) next.delete(key);
        return next;
      },
      { replace: true },
    );
  }, [setParams]);

  return (
    <>
      <SearchBox label={t('search.label')} placeholder={t('search.placeholder')} initial={text} onChange={type} />
      <SearchFilters filters={filters} onChange={setFilter} onClear={clearFilters} />
      {/* Set aside, not unmounted, while searching (see .set-aside): the first letter typed and the
          emptied box then cost no drawing of the circles again on a slow phone. */}
      <div className={showResults ? 'set-aside' : undefined}>{children}</div>
      {showResults && (
        <section aria-labelledby="question-results" className="question-results" data-query={answer?.text}>
          <h2 id="question-results" className="section-title" aria-live="polite">
            {answer ? t('search.results', { count: answer.total }) : t('search.searching')}
          </h2>
          {answer && answer.total === 0 && <p className="empty-state">{t('search.noMatch')}</p>}
          {answer && answer.items.length > 0 && <RecordList items={answer.items} keyOf={rowKey} card={questionCard} typed />}
          {answer && answer.total > answer.items.length && (
            <button type="button" className="button" onClick={() => setLimit((current) => current + PAGE_SIZE)}>
              {t('showMore', { count: Math.min(PAGE_SIZE, answer.total - answer.items.length) })}
            </button>
          )}
        </section>
      )}
    </>
  );
}

const rowKey = (row: QuestionRow) => row.id;
const questionCard = (row: QuestionRow) => <QuestionCard row={row} showCircle />;

const SearchFilters = memo(function SearchFilters({
  filters,
  onChange,
  onClear,
}: {
  filters: PracticeFilters;
  onChange: (key: string, value: string) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation('practice');
  const { t: tl } = useTranslation('library');
  const active = Object.keys(filters).length;
  return (
    <details className="filters" open={active > 0 ? true : undefined}>
      <summary>{active > 0 ? tl('filters.titleActive', { n: active }) : tl('filters.title')}</summary>
      <div className="filters-body">
        <SelectField
          label={t('field.circle')}
          value={filters.circle ?? ''}
          onChange={(value) => onChange('circle', value)}
          placeholder={tl('filters.any')}
          options={CIRCLES.map((circle) => ({ value: circle, label: t(circleLabelKey(circle)) }))}
        />
        <SelectField
          label={tl('filters.topic')}
          value={filters.topic ?? ''}
          onChange={(value) => onChange('topic', value)}
          placeholder={tl('filters.any')}
          options={TOPICS.map((topic) => ({ value: topic, label: tl(`topic.${topic}`) }))}
        />
        <SelectField
          label={t('search.answered')}
          value={filters.answered ?? ''}
          onChange={(value) => onChange('answered', value)}
          placeholder={tl('filters.any')}
          options={[
            { value: 'yes', label: t('search.answeredYes') },
            { value: 'no', label: t('search.answeredNo') },
          ]}
        />
        <SelectField
          label={tl('filters.language')}
          value={filters.language ?? ''}
          onChange={(value) => onChange('language', value)}
          placeholder={tl('filters.any')}
          options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_ENDONYMS[language] }))}
        />
        {active > 0 && (
          <button type="button" className="button" onClick={onClear}>
            {tl('filters.clear')}
          </button>
        )}
      </div>
    </details>
  );
});
