import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import type { Circle, Question } from '../../core/model';
import { circleTarget, isHelpDesk } from '../../core/practice';
import { db } from '../../db/instance';
import { followCircle } from '../../db/practice';
import { IconPlus } from '../../ui/icons';
import { Page } from '../../ui/page';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';
import { CIRCLE_GROUPS, circleLabelKey, UNANSWERED } from './practice-model';
import { questionSummary } from '../../core/practice';
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
        <QuestionSection id="asked-of-you" title={t('desk.askedOfYou')} items={asked ?? []} now={now} />
        <QuestionSection
          id="new-for-you"
          title={t('newForYou')}
          items={(fresh ?? []).map((item) => ({ ...item, note: item.newAnswers > 0 ? t('newAnswers', { count: item.newAnswers }) : t('newQuestion') }))}
          now={now}
        />
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

/** How many of a section's questions show before "show more": the circles stay in sight below. */
const SECTION_PAGE = 10;

/** A titled list of questions (what was asked of the person, what is new for them); nothing when empty. */
function QuestionSection({
  id,
  title,
  items,
  now,
}: {
  id: string;
  title: string;
  items: { question: Question; answers: number; note?: string }[];
  now: number;
}) {
  const { t } = useTranslation('practice');
  const [limit, setLimit] = useState(SECTION_PAGE);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="section-title">
        {title}
      </h2>
      <ul className="record-list">
        {items.slice(0, limit).map(({ question, answers, note }) => (
          <QuestionCard key={question.id} row={questionSummary(question, answers, now)} showCircle note={note} />
        ))}
      </ul>
      {items.length > limit && (
        <button type="button" className="button" onClick={() => setLimit((current) => current + SECTION_PAGE)}>
          {t('showMore', { count: Math.min(SECTION_PAGE, items.length - limit) })}
        </button>
      )}
    </section>
  );
}
