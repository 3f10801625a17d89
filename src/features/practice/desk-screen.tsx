import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { isHelpDesk } from '../../core/practice';
import { HELP_DESK_DAYS } from '../../core/practice';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { useSession } from '../../ui/use-session';
import { UNANSWERED } from './practice-model';
import { QuestionCard } from './question-card';
import { usePracticeSearch } from '../../ui/use-search';

const PAGE_SIZE = 30;

/**
 * The help desk: every question still without an answer, oldest first, those waiting more than
 * three days flagged. From a question, the desk asks a named person to answer it.
 */
export function DeskScreen() {
  const { t } = useTranslation('practice');
  const session = useSession();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const desk = isHelpDesk(session?.user.role);
  const answer = usePracticeSearch(desk ? { text: '', filters: UNANSWERED, order: 'oldest', offset: 0, limit } : null);

  return (
    <Page title={t('desk.title')} backTo="/practice">
      {session !== undefined && !desk && <p className="notice">{t('desk.onlyHelpDesk')}</p>}
      {desk && <p>{t('desk.intro', { days: HELP_DESK_DAYS })}</p>}
      {answer && answer.total === 0 && (
        <EmptyState title={t('desk.allAnswered')}>
          <p>{t('desk.allAnsweredText')}</p>
        </EmptyState>
      )}
      {answer && answer.total > 0 && (
        <section aria-labelledby="desk-list">
          <h2 id="desk-list" className="section-title">
            {t('desk.unanswered', { count: answer.total })}
          </h2>
          {answer.waiting > 0 && (
            <p className="notice notice-warning" role="status">
              {t('desk.waitingCount', { count: answer.waiting, days: HELP_DESK_DAYS })}
            </p>
          )}
          <ul className="record-list">
            {answer.items.map((row) => (
              <QuestionCard key={row.id} row={row} showCircle />
            ))}
          </ul>
          {answer.total > answer.items.length && (
            <button type="button" className="button" onClick={() => setLimit((current) => current + PAGE_SIZE)}>
              {t('showMore', { count: Math.min(PAGE_SIZE, answer.total - answer.items.length) })}
            </button>
          )}
        </section>
      )}
    </Page>
  );
}
