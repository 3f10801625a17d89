import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { db } from '../../db/instance';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { useSearchAnswer } from '../../ui/use-search';
import { usePracticeSearch } from '../../ui/use-search';

const SHOWN = 3;

interface SimilarHintProps {
  title: string;
  /** The question being edited: not similar to itself. */
  skip?: string;
  /** Case studies linked to the question, and how to change them: a similar one can be linked here. */
  linked: readonly string[];
  onLink: (ids: string[]) => void;
}

/**
 * "Maybe this already answers it": while a question's title is typed, the questions and case
 * studies on this phone that share its words, best first. Found offline, by the search worker. A
 * case study found can be linked to the question.
 */
export function SimilarHint({ title, skip, linked, onLink }: SimilarHintProps) {
  const { t } = useTranslation('practice');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const typed = useDeferredValue(title.trim());
  const asking = typed.length >= 3;
  const questions = usePracticeSearch(asking ? { text: typed, filters: {}, anyWord: true, offset: 0, limit: SHOWN + 1 } : null);
  const libraryQuery = asking ? { text: typed, filters: {}, anyWord: true, communityId: community?.id ?? null, lang, offset: 0, limit: SHOWN } : null;
  const cases = useSearchAnswer((search) => search.query(libraryQuery!), libraryQuery ? JSON.stringify(libraryQuery) : null, 'library');
  const similarQuestions = (questions?.items ?? []).filter((row) => row.id !== skip).slice(0, SHOWN);
  const caseStudies = cases?.items ?? [];
  if (!asking || similarQuestions.length + caseStudies.length === 0) return null;
  return (
    <section className="similar-hint" aria-labelledby="similar-title">
      <h2 id="similar-title" className="similar-title">
        {t('similar.title')}
      </h2>
      <ul>
        {similarQuestions.map((row) => (
          <li key={row.id}>
            <Link to={`/practice/q/${row.id}`}>{row.title}</Link> <span className="record-meta">{t('answers', { count: row.answers })}</span>
          </li>
        ))}
        {caseStudies.map((item) => {
          const isLinked = linked.includes(item.id);
          return (
            <li key={item.rootId}>
              <Link to={`/library/${item.id}`}>{item.title}</Link> <span className="record-meta">{t('similar.caseStudy')}</span>{' '}
              <button
                type="button"
                className="button button-small"
                aria-pressed={isLinked}
                onClick={() => onLink(isLinked ? linked.filter((id) => id !== item.id) : [...linked, item.id])}
              >
                {isLinked ? t('similar.linked') : t('similar.link')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The case studies linked to a question in its form, each with a way to take the link back. */
export function LinkedCaseStudies({ value = [], onChange }: { value: string[] | undefined; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation('practice');
  const titles = useLiveQuery(
    async () => new Map((await db.caseStudies.bulkGet(value)).map((doc, index) => [value[index]!, doc?.title ?? null])),
    [value.join()],
  );
  if (value.length === 0) return null;
  return (
    <fieldset className="field">
      <legend>{t('similar.linkedTitle')}</legend>
      <ul className="linked-list">
        {value.map((id) => (
          <li key={id}>
            <span>{titles?.get(id) ?? t('similar.notOnPhone')}</span>
            <button type="button" className="button button-small" onClick={() => onChange(value.filter((other) => other !== id))}>
              {t('similar.unlink')}
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
