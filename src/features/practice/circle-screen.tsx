import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useParams } from 'react-router';
import { circleTarget } from '../../core/practice';
import { db } from '../../db/instance';
import { followCircle } from '../../db/practice';
import { EmptyState } from '../../ui/empty-state';
import { IconPlus } from '../../ui/icons';
import { MissingRecordPage, Page } from '../../ui/page';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';
import { circleLabelKey, isCircle } from './practice-model';
import { questionSummary } from '../../core/practice';
import { QuestionCard } from './question-card';
import { RecordList } from '../../ui/record-list';
import { useCircleQuestions, useFollows } from './use-practice';

const PAGE_SIZE = 30;

/** One circle: its questions on this phone, newest first, and following it or not. */
export function CircleScreen() {
  const { circle } = useParams();
  const { t } = useTranslation('practice');
  const session = useSession();
  const community = useCurrentCommunity();
  const follows = useFollows();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [now] = useState(Date.now);
  const page = useCircleQuestions(isCircle(circle) ? circle : 'finance_officer', limit);
  const questions = page?.questions;
  if (!isCircle(circle)) return <MissingRecordPage title={t('title')} text={t('thread.notHereText')} backTo="/practice" />;
  const following = follows?.(circleTarget(circle)) ?? false;

  return (
    <Page
      title={t(circleLabelKey(circle))}
      backTo="/practice"
      actions={
        session && (
          <Link to={`/practice/ask?circle=${circle}`} className="button button-primary">
            <IconPlus />
            {t('ask')}
          </Link>
        )
      }
    >
      {session && community && (
        <button type="button" className="button" aria-pressed={following} onClick={() => void followCircle(db, community.id, circle, !following)}>
          {following ? t('unfollow') : t('follow')}
        </button>
      )}
      {questions && questions.length === 0 && (
        <EmptyState title={t('noQuestions')}>
          <p>{t('noQuestionsText')}</p>
        </EmptyState>
      )}
      {questions && questions.length > 0 && (
        <RecordList
          items={questions}
          keyOf={(entry) => entry.question.id}
          card={({ question, answers }) => <QuestionCard row={questionSummary(question, answers, now)} />}
        />
      )}
      {page && page.total > page.questions.length && (
        <button type="button" className="button" onClick={() => setLimit((current) => current + PAGE_SIZE)}>
          {t('showMore', { count: Math.min(PAGE_SIZE, page.total - page.questions.length) })}
        </button>
      )}
    </Page>
  );
}
