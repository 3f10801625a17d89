import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { db } from '../../db/instance';
import { threadsLinking } from '../../db/practice';

/**
 * "Discussed in the circles": the questions on this phone that link this case study (any of its
 * versions) or that it was written from. Nothing is shown when there are none.
 */
export function ThreadsSection({ versionIds, fromQuestionId }: { versionIds: readonly string[]; fromQuestionId?: string }) {
  const { t } = useTranslation('library');
  const { t: tp } = useTranslation('practice');
  const key = versionIds.join(',');
  const threads = useLiveQuery(() => threadsLinking(db, key.split(','), fromQuestionId), [key, fromQuestionId]);
  if (!threads || threads.length === 0) return null;
  return (
    <section className="case-section" aria-labelledby="threads-title">
      <h2 id="threads-title">{t('threads.title')}</h2>
      <ul className="record-list">
        {threads.map((question) => (
          <li key={question.id}>
            <Link to={`/practice/q/${question.id}`} className="record-link">
              <span className="record-title">{question.title}</span>
              <span className="record-meta">{question.id === fromQuestionId ? t('threads.grewFrom') : tp('similar.caseStudyLinked')}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
