import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useSearchParams } from 'react-router';
import { LANGUAGES, localizedName, TOPICS, type AdminUnit, type Language } from '../../core/model';
import { db } from '../../db/instance';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { SearchBox } from '../../ui/search-box';
import { IconPlus, IconPractice } from '../../ui/icons';
import { useNewForYou } from '../../ui/use-practice-news';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { usePracticeSearch, useTypedSearch } from '../../ui/use-search';
import { useSettled } from '../../ui/use-settled';
import { CaseStudyCard } from './case-study-card';
import { LibraryExportButton } from './library-export-button';
import { PeersSection } from './peers-section';
import type { CaseSummary, LibraryAnswer, LibraryFacets, LibraryFilters, LibraryQuery } from '../../search/library-index';
import { RecordList } from '../../ui/record-list';
import { askLibraryAhead, useFirstPage, useLibraryQuery } from './use-library';
import { sameList } from './case-study-model';
import { useStartSnapshot } from '../../ui/start-snapshot';

const PAGE_SIZE = 12;
const FILTER_KEYS = ['topic', 'oblast', 'rayon', 'community', 'language', 'year'] as const;

export function LibraryScreen() {
  const { t } = useTranslation('library');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const [params, setParams] = useSearchParams();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const filterKey = FILTER_KEYS.map((key) => params.get(key) ?? '').join('|');
  const filters = useMemo<LibraryFilters>(
    () => Object.fromEntries(FILTER_KEYS.map((key, index) => [key, filterKey.split('|')[index]!]).filter(([, value]) => value)),
    [filterKey],
  );
  const activeFilters = Object.keys(filters).length;
  const queryOf = (typed: string, shown: number): LibraryQuery => ({ text: typed, filters, communityId: community?.id ?? null, lang, offset: 0, limit: shown });
  // A keystroke asks ahead; the text, a first page of its results and their answer are drawn together.
  const [text, type] = useTypedSearch(
    (typed) => askLibraryAhead(queryOf(typed, PAGE_SIZE)),
    () => setLimit(PAGE_SIZE),
  );
  // The newest case studies come straight from the database first, so the library opens at once
  // even with thousands of them; the search index is built after that, on its own thread.
  const [indexAnswered, setIndexAnswered] = useState(false);
  const firstPage = useFirstPage(!indexAnswered && !text && activeFilters === 0, community?.id ?? null, PAGE_SIZE);
  const searched = useLibraryQuery(firstPage !== undefined || Boolean(text) || activeFilters > 0 || indexAnswered ? queryOf(text, limit) : null);
  if (searched !== undefined && !indexAnswered) setIndexAnswered(true);
  const answer = searched ?? firstPage;
  // What a start from the home screen shows first, before the app is ready: this list as last drawn.
  useStartSnapshot(answer !== undefined, !text && activeFilters === 0, answer);

  const setParam = useCallback(
    (key: string, value: string) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(key, value);
          else next.delete(key);
          // A rayon belongs to one oblast: changing the oblast clears a rayon outside it.
          if (key === 'oblast' && next.get('rayon') && next.get('rayon')!.slice(0, 5) !== value.slice(0, 5)) next.delete('rayon');
          return next;
        },
        { replace: true },
      );
      setLimit(PAGE_SIZE);
    },
    [setParams],
  );
  const clearFilters = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams();
          const q = current.get('q');
          if (q) next.set('q', q);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const showMore = useCallback(() => setLimit((current) => current + PAGE_SIZE), []);

  const libraryEmpty = answer !== undefined && answer.total === 0 && !text && activeFilters === 0;
  const narrowed = Boolean(text) || activeFilters > 0;

  return (
    <Page title={t('title')} actions={community ? <WriteLink /> : undefined}>
      <p className="lead">{t('intro')}</p>
      <AskPeersLink />
      <SearchBox label={t('search.label')} placeholder={t('search.placeholder')} initial={text} onChange={type} />
      <QuestionsFound text={text} />
      <FiltersPanel facets={answer?.facets} filters={filters} lang={lang} onChange={setParam} onClear={clearFilters} />

      {!narrowed && community && answer !== undefined && <PeersSection community={community} />}

      {answer === undefined ? null : libraryEmpty ? (
        <EmptyState title={t('empty.title')}>
          <p>{t('empty.text')}</p>
          <LoadExamples />
        </EmptyState>
      ) : (
        <>
          <Results answer={answer} searched={searched !== undefined} narrowed={narrowed} onMore={showMore} />
          {answer.total > 0 && <LibraryExportButton query={queryOf(text, limit)} />}
        </>
      )}
    </Page>
  );
}

// The links above the search are drawn again only when what they show changes: the screen draws
// at every keystroke, and a link's drawing (its address worked out by the router) is not free.
const WriteLink = memo(function WriteLink() {
  const { t } = useTranslation('library');
  return (
    <Link to="/library/new" className="button button-primary">
      <IconPlus /> {t('write')}
    </Link>
  );
});

/** The way to the circles of practice, with how many questions there are new for this reader. */
const AskPeersLink = memo(function AskPeersLink() {
  const { t } = useTranslation('library');
  const fresh = useNewForYou()?.length ?? 0;
  return (
    <Link to="/practice" className="button peers-link">
      <IconPractice />
      <span>{t('askPeers')}</span>
      {fresh > 0 && <span className="chip">{t('practice:newCount', { count: fresh })}</span>}
    </Link>
  );
});

const EMPTY_FACETS: LibraryFacets = { topics: [], oblasts: [], rayons: [], communities: [], languages: [], years: [] };

/** The filter choices; offers only values that occur in the library. Re-renders only when they change. */
const FiltersPanel = memo(
  function FiltersPanel({
    facets = EMPTY_FACETS,
    filters,
    lang,
    onChange,
    onClear,
  }: {
    facets: LibraryFacets | undefined;
    filters: LibraryFilters;
    lang: Language;
    onChange: (key: string, value: string) => void;
    onClear: () => void;
  }) {
    const { t } = useTranslation('library');
    const active = Object.keys(filters).length;
    // The choices are drawn (and the place names read) only once the panel is opened: most visits
    // never open it, and a start should not pay for it.
    const [open, setOpen] = useState(active > 0);
    const units = useLiveQuery(() => (open ? db.adminUnits.toArray() : []), [open]);
    const unitName = useMemo(() => {
      const byCode = new Map((units ?? []).map((unit: AdminUnit) => [unit.code, unit]));
      return (code: string) => {
        const unit = byCode.get(code);
        return unit ? localizedName(unit.name, lang) : code;
      };
    }, [units, lang]);
    return (
      <details className="filters" open={open || undefined} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>{active > 0 ? t('filters.titleActive', { n: active }) : t('filters.title')}</summary>
        {open && (
          <div className="filters-body">
            <SelectField
              label={t('filters.topic')}
              value={filters.topic ?? ''}
              onChange={(value) => onChange('topic', value)}
              placeholder={t('filters.any')}
              options={TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))}
            />
            <SelectField
              label={t('filters.oblast')}
              value={filters.oblast ?? ''}
              onChange={(value) => onChange('oblast', value)}
              placeholder={t('filters.any')}
              options={facets.oblasts.map((code) => ({ value: code, label: unitName(code) }))}
            />
            <SelectField
              label={t('filters.rayon')}
              value={filters.rayon ?? ''}
              onChange={(value) => onChange('rayon', value)}
              placeholder={t('filters.any')}
              options={facets.rayons
                .filter((code) => !filters.oblast || code.slice(0, 5) === filters.oblast.slice(0, 5))
                .map((code) => ({ value: code, label: unitName(code) }))}
            />
            <SelectField
              label={t('filters.community')}
              value={filters.community ?? ''}
              onChange={(value) => onChange('community', value)}
              placeholder={t('filters.any')}
              options={facets.communities.map((item) => ({ value: item.id, label: item.name ? localizedName(item.name, lang) : t('unknownCommunity') }))}
            />
            <SelectField
              label={t('filters.language')}
              value={filters.language ?? ''}
              onChange={(value) => onChange('language', value)}
              placeholder={t('filters.any')}
              options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_ENDONYMS[language] }))}
            />
            <SelectField
              label={t('filters.year')}
              value={filters.year ?? ''}
              onChange={(value) => onChange('year', value)}
              placeholder={t('filters.any')}
              options={facets.years.map((year) => ({ value: String(year), label: String(year) }))}
            />
            {active > 0 && (
              <button type="button" className="button" onClick={onClear}>
                {t('filters.clear')}
              </button>
            )}
          </div>
        )}
      </details>
    );
  },
  // Each answer brings its own copy of the choices: the panel redraws only when they differ.
  (before, after) =>
    before.filters === after.filters &&
    before.lang === after.lang &&
    before.onChange === after.onChange &&
    before.onClear === after.onClear &&
    sameFacets(before.facets ?? EMPTY_FACETS, after.facets ?? EMPTY_FACETS),
);

/** The same filter choices (they come new with every answer, as a copy from the search worker). */
function sameFacets(a: LibraryFacets, b: LibraryFacets): boolean {
  return (
    a === b ||
    (sameList(a.topics, b.topics) &&
      sameList(a.oblasts, b.oblasts) &&
      sameList(a.rayons, b.rayons) &&
      sameList(a.languages, b.languages) &&
      sameList(a.years, b.years) &&
      JSON.stringify(a.communities) === JSON.stringify(b.communities))
  );
}

const Results = memo(function Results({
  answer,
  searched,
  narrowed,
  onMore,
}: {
  answer: LibraryAnswer;
  searched: boolean;
  narrowed: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation('library');
  return (
    <section aria-labelledby="library-results" className="library-results" data-query={searched ? answer.text : undefined}>
      <h2 id="library-results" className="section-title" aria-live="polite">
        {!searched ? t('recent') : narrowed ? t('results', { count: answer.total }) : t('all', { count: answer.total })}
      </h2>
      {answer.total === 0 ? (
        <p className="empty-state">{t('noMatch')}</p>
      ) : (
        <RecordList items={answer.items} keyOf={rootIdOf} card={caseStudyCard} typed={narrowed} />
      )}
      {searched && answer.total > answer.items.length && (
        <button type="button" className="button" onClick={onMore}>
          {t('showMore', { count: answer.total - answer.items.length })}
        </button>
      )}
    </section>
  );
});

const rootIdOf = (item: CaseSummary) => item.rootId;
const caseStudyCard = (item: CaseSummary) => <CaseStudyCard item={item} />;

/** Adds the example case studies (written from the programmes' public documents), for a first look. */
function LoadExamples() {
  const { t } = useTranslation('library');
  const [state, setState] = useState<'idle' | 'loading' | 'failed'>('idle');
  async function load() {
    setState('loading');
    try {
      const { loadDemoCaseStudies } = await import('./demo/load-demo');
      await loadDemoCaseStudies(db);
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <button type="button" className="button button-primary" onClick={load} disabled={state === 'loading'}>
        {t('examples.load')}
      </button>
      {state === 'failed' && (
        <p className="field-error" role="alert">
          {t('examples.failed')}
        </p>
      )}
    </>
  );
}

/**
 * The same search in the circles of practice: once typing pauses, how many questions (and their
 * answers) on this phone match, and the way to them.
 */
function QuestionsFound({ text }: { text: string }) {
  const { t } = useTranslation('library');
  const typed = text.trim();
  const settled = useSettled(typed, 600);
  const questions = usePracticeSearch(settled.length >= 3 ? { text: settled, filters: {}, offset: 0, limit: 0 } : null);
  if (!questions || questions.total === 0 || settled !== typed || questions.text !== settled) return null;
  return (
    <Link to={`/practice?q=${encodeURIComponent(settled)}`} className="button peers-link">
      <IconPractice />
      <span>{t('questionsFound', { count: questions.total })}</span>
    </Link>
  );
}
