import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import type { Question } from '../../core/model';
import { db } from '../../db/instance';

/**
 * A thread's ties to the library: the case studies its asker linked, and, once an answer is
 * accepted, the way to write what worked up as a case study (a draft that keeps the link).
 */
export function ThreadLinks({ question, mayWrite }: { question: Question; mayWrite: boolean }) {
  const { t } = useTranslation('practice');
  const ids = question.linkedCaseStudyIds ?? [];
  const key = ids.join(',');
  const written = useLiveQuery(
    async () => (await db.caseStudies.where('fromQuestionId').equals(question.id).toArray()).filter((doc) => !doc._deleted),
    [question.id],
  );
  const linked = useLiveQuery(async () => (key ? await db.caseStudies.bulkGet(key.split(',')) : []), [key]);
  const shown = [...(written ?? []), ...(linked ?? []).filter((doc) => doc && !doc._deleted)].filter(
    (doc, index, all) => doc && all.findIndex((other) => other?.id === doc.id) === index,
  );
  const missing = (linked ?? []).filter((doc) => !doc || doc._deleted).length;
  if (shown.length === 0 && !(mayWrite && question.acceptedAnswerId)) return null;
  return (
    <section aria-labelledby="thread-links" className="thread-links">
      <h2 id="thread-links" className="section-title">
        {t('similar.linkedTitle')}
      </h2>
      {shown.length > 0 && (
        <ul className="record-list">
          {shown.map((doc) => (
            <li key={doc!.id}>
              <Link to={`/library/${doc!.id}`} className="record-link">
                <span className="record-title">{doc!.title}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {missing > 0 && <p className="field-hint">{t('similar.someNotOnPhone', { count: missing })}</p>}
      {mayWrite && question.acceptedAnswerId && (
        <Link to={`/library/new?fromQuestion=${question.id}`} className="button">
          {t('thread.writeCaseStudy')}
        </Link>
      )}
    </section>
  );
}
