import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LANGUAGES, localizedName, TOPICS, type AdminUnit } from '../../core/model';
import { db } from '../../db/instance';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { IconPlus } from '../../ui/icons';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { CaseStudyCard } from './case-study-card';
import { PeersSection } from './peers-section';
import type { LibraryFilters } from './search/library-index';
import { useLibraryQuery } from './use-library';

const PAGE_SIZE = 30;
const FILTER_KEYS = ['topic', 'oblast', 'rayon', 'community', 'language', 'year'] as const;

export function LibraryScreen() {
  const { t } = useTranslation('library');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const [params, setParams] = useSearchParams();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const text = params.get('q') ?? '';
  const filters: LibraryFilters = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? '']).filter(([, value]) => value));
  const activeFilters = Object.keys(filters).length;
  const { answer, answeredFor } = useLibraryQuery({ text, filters, communityId: community?.id ?? null, lang, offset: 0, limit });
  const units = useLiveQuery(() => db.adminUnits.toArray(), []);
  const unitName = useMemo(() => {
    const byCode = new Map((units ?? []).map((unit: AdminUnit) => [unit.code, unit]));
    return (code: string) => {
      const unit = byCode.get(code);
      return unit ? localizedName(unit.name, lang) : code;
    };
  }, [units, lang]);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    // A rayon belongs to one oblast: changing the oblast clears a rayon outside it.
    if (key === 'oblast' && next.get('rayon') && next.get('rayon')!.slice(0, 5) !== value.slice(0, 5)) next.delete('rayon');
    setLimit(PAGE_SIZE);
    setParams(next, { replace: true });
  };

  const facets = answer?.facets;
  const libraryEmpty = answer !== undefined && answer.total === 0 && !text && activeFilters === 0;

  return (
    <Page
      title={t('title')}
      actions={
        community ? (
          <Link to="/library/new" className="button button-primary">
            <IconPlus /> {t('write')}
          </Link>
        ) : undefined
      }
    >
      <p className="lead">{t('intro')}</p>
      <div className="search-box" role="search">
        <label htmlFor="library-search" className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id="library-search"
          type="search"
          value={text}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          enterKeyHint="search"
          onChange={(event) => setParam('q', event.target.value)}
        />
      </div>
      <details className="filters" open={activeFilters > 0 ? true : undefined}>
        <summary>{activeFilters > 0 ? t('filters.titleActive', { n: activeFilters }) : t('filters.title')}</summary>
        <div className="filters-body">
          <SelectField
            label={t('filters.topic')}
            value={filters.topic ?? ''}
            onChange={(value) => setParam('topic', value)}
            placeholder={t('filters.any')}
            options={TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))}
          />
          <SelectField
            label={t('filters.oblast')}
            value={filters.oblast ?? ''}
            onChange={(value) => setParam('oblast', value)}
            placeholder={t('filters.any')}
            options={(facets?.oblasts ?? []).map((code) => ({ value: code, label: unitName(code) }))}
          />
          <SelectField
            label={t('filters.rayon')}
            value={filters.rayon ?? ''}
            onChange={(value) => setParam('rayon', value)}
            placeholder={t('filters.any')}
            options={(facets?.rayons ?? [])
              .filter((code) => !filters.oblast || code.slice(0, 5) === filters.oblast.slice(0, 5))
              .map((code) => ({ value: code, label: unitName(code) }))}
          />
          <SelectField
            label={t('filters.community')}
            value={filters.community ?? ''}
            onChange={(value) => setParam('community', value)}
            placeholder={t('filters.any')}
            options={(facets?.communities ?? []).map((item) => ({ value: item.id, label: item.name ? localizedName(item.name, lang) : t('unknownCommunity') }))}
          />
          <SelectField
            label={t('filters.language')}
            value={filters.language ?? ''}
            onChange={(value) => setParam('language', value)}
            placeholder={t('filters.any')}
            options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_ENDONYMS[language] }))}
          />
          <SelectField
            label={t('filters.year')}
            value={filters.year ?? ''}
            onChange={(value) => setParam('year', value)}
            placeholder={t('filters.any')}
            options={(facets?.years ?? []).map((year) => ({ value: String(year), label: String(year) }))}
          />
          {activeFilters > 0 && (
            <button type="button" className="button" onClick={() => setParams(text ? { q: text } : {}, { replace: true })}>
              {t('filters.clear')}
            </button>
          )}
        </div>
      </details>

      {!text && activeFilters === 0 && community && <PeersSection community={community} />}

      {answer === undefined ? null : libraryEmpty ? (
        <EmptyState title={t('empty.title')}>
          <p>{t('empty.text')}</p>
          <LoadExamples />
        </EmptyState>
      ) : (
        <section aria-labelledby="library-results">
          <h2 id="library-results" className="section-title" aria-live="polite">
            {text || activeFilters > 0 ? t('results', { count: answer.total }) : t('all', { count: answer.total })}
          </h2>
          {answer.total === 0 ? (
            <p className="empty-state">{t('noMatch')}</p>
          ) : (
            <ul className="record-list" data-query={answeredFor ?? ''}>
              {answer.items.map((item) => (
                <CaseStudyCard key={item.rootId} item={item} />
              ))}
            </ul>
          )}
          {answer.total > answer.items.length && (
            <button type="button" className="button" onClick={() => setLimit((current) => current + PAGE_SIZE)}>
              {t('showMore', { count: answer.total - answer.items.length })}
            </button>
          )}
        </section>
      )}
    </Page>
  );
}

/** Adds a few real case studies from the programmes this app grew from, for a first look. */
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
