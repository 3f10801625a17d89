import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Circle } from '../../core/model';
import { circleTarget, isHelpDesk } from '../../core/practice';
import { db } from '../../db/instance';
import { followCircle } from '../../db/practice';
import { IconPlus } from '../../ui/icons';
import { Page } from '../../ui/page';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';
import { CIRCLE_GROUPS, circleLabelKey, rowOf, UNANSWERED } from './practice-model';
import { QuestionCard } from './question-card';
import { QuestionSearch } from './question-search';
import { useAskedOfMe, useNewForYou } from '../../ui/use-practice-news';
import { useCircleCounts, useFollows } from './use-practice';
import { usePracticeSearch } from '../../ui/use-search';

/** The circles of practice: which the person follows (kept on the phone), how many questions each holds here. */
export function CirclesScreen() {
  const { t } = useTranslation('practice');
  const session = useSession();
  const follows = useFollows();
  const counts = useCircleCounts();
  const fresh = useNewForYou();
  const asked = useAskedOfMe();
  const community = useCurrentCommunity();
  const signedIn = Boolean(session);
  const [now] = useState(Date.now);

  return (
    <Page
      title={t('title')}
      actions={
        signedIn && (
          <Link to="/practice/ask" className="button button-primary">
            <IconPlus />
            {t('ask')}
          </Link>
        )
      }
    >
      <p>{t('intro')}</p>
      {session === null && (
        <p className="notice" role="status">
          {t('signInFirst')} <Link to="/settings">{t('signInLink')}</Link>
        </p>
      )}
      {isHelpDesk(session?.user.role) && <DeskLink />}
      <QuestionSearch>
        {asked && asked.length > 0 && (
          <section aria-labelledby="asked-of-you">
            <h2 id="asked-of-you" className="section-title">
              {t('desk.askedOfYou')}
            </h2>
            <ul className="record-list">
              {asked.map(({ question, answers }) => (
                <QuestionCard key={question.id} row={rowOf(question, answers, now)} showCircle />
              ))}
            </ul>
          </section>
        )}
        {fresh && fresh.length > 0 && (
          <section aria-labelledby="new-for-you">
            <h2 id="new-for-you" className="section-title">
              {t('newForYou')}
            </h2>
            <ul className="record-list">
              {fresh.map(({ question, newAnswers, answers }) => (
                <QuestionCard
                  key={question.id}
                  row={rowOf(question, answers, now)}
                  showCircle
                  note={newAnswers > 0 ? t('newAnswers', { count: newAnswers }) : t('newQuestion')}
                />
              ))}
            </ul>
          </section>
        )}
        {signedIn && <p className="field-hint">{t('followHint')}</p>}
        {CIRCLE_GROUPS.map((group) => (
          <section key={group.key} aria-labelledby={`circles-${group.key}`}>
            <h2 id={`circles-${group.key}`} className="section-title">
              {t(group.key)}
            </h2>
            <ul className="record-list">
              {group.circles.map((circle: Circle) => {
                const following = follows?.(circleTarget(circle)) ?? false;
                return (
                  <li key={circle} className="record-item circle-row">
                    <Link to={`/practice/c/${circle}`} className="circle-link">
                      <span className="record-title">{t(circleLabelKey(circle))}</span>
                      <span className="record-meta">{t('questionsHere', { count: counts?.get(circle) ?? 0 })}</span>
                    </Link>
                    {signedIn && community && (
                      <button
                        type="button"
                        className={following ? 'button button-small' : 'button button-small button-primary'}
                        aria-pressed={following}
                        onClick={() => void followCircle(db, community.id, circle, !following)}
                      >
                        {following ? t('following') : t('follow')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </QuestionSearch>
    </Page>
  );
}

/** The help desk's way in, with how many questions wait for an answer more than three days. */
function DeskLink() {
  const { t } = useTranslation('practice');
  const unanswered = usePracticeSearch({ text: '', filters: UNANSWERED, offset: 0, limit: 0 });
  return (
    <Link to="/practice/desk" className="button peers-link">
      <span>{t('desk.title')}</span>
      {unanswered && unanswered.waiting > 0 && <span className="chip chip-overdue">{t('desk.waitingShort', { count: unanswered.waiting })}</span>}
    </Link>
  );
}
