import { memo, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate, useParams } from 'react-router';
import { localizedName, type Answer, type Language, type Question } from '../../core/model';
import { isHelpDesk, threadTarget } from '../../core/practice';
import type { LocalDoc } from '../../db/database';
import { db } from '../../db/instance';
import { acceptAnswer, follow, markThreadRead, setHelpful } from '../../db/practice';
import { formatDate } from '../../i18n/format';
import { AttachmentList } from '../../ui/attachments';
import { MissingRecordPage, Page } from '../../ui/page';
import { RichText } from '../../ui/rich-text';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';
import type { Session } from '../../sync/session';
import { AnswerForm } from './answer-form';
import { AskExpert } from './ask-expert';
import { ThreadLinks } from './thread-links';
import { PostCare } from './post-care';
import { useFollows, useThread } from './use-practice';

/** A question with its answers: the accepted one first, then the most helpful. Everything works offline. */
export function ThreadScreen() {
  const { id } = useParams();
  const { t } = useTranslation('practice');
  const session = useSession();
  const community = useCurrentCommunity();
  const follows = useFollows();
  const thread = useThread(id);
  const navigate = useNavigate();
  const lang = useLanguage();
  // A new round of the answer form after each answer: it opens empty, from no draft.
  const [round, setRound] = useState(0);
  // Read now: nothing in it is new any more (an answer arriving while it is open is read too).
  const shownAnswers = thread ? thread.answers.length : -1;
  const me = session?.user.id;
  useEffect(() => {
    if (id && me && shownAnswers >= 0) void markThreadRead(db, me, id);
  }, [id, me, shownAnswers]);
  if (thread === null || !id) return <MissingRecordPage title={t('thread.notHere')} text={t('thread.notHereText')} backTo="/practice" />;
  if (!thread) return null;
  const { question, answers } = thread;
  const mayAccept = me !== undefined && (question.createdBy === me || session?.user.role === 'coordinator' || session?.user.role === 'admin');
  const followingThread = follows?.(threadTarget(id)) ?? false;

  return (
    <Page title={question.title} backTo={`/practice/c/${question.circle}`}>
      <article className="card post">
        {postByline(question, session, t, lang)}
        {question.hiddenReason && <p className="notice notice-warning">{t('thread.hidden', { reason: question.hiddenReason })}</p>}
        {question.text && <RichText text={question.text} />}
        {question.attachments?.length ? <AttachmentList owner={{ collection: 'questions', docId: question.id }} attachments={question.attachments} /> : null}
        {session && mayCare(question, session) && (
          <PostCare collection="questions" post={question} session={session} onEdit={() => void navigate(`/practice/q/${id}/edit`)} />
        )}
      </article>
      {me && question.askedOf?.includes(me) && !answers.some(({ answer }) => answer.createdBy === me) && (
        <p className="notice" role="status">
          {t('desk.askedOfYouHere')}
        </p>
      )}
      {isHelpDesk(session?.user.role) && <AskExpert question={question} />}
      {session && community && (
        <button
          type="button"
          className="button"
          aria-pressed={followingThread}
          onClick={() => void follow(db, community.id, threadTarget(id), !followingThread)}
        >
          {followingThread ? t('thread.followingThread') : t('thread.followThread')}
        </button>
      )}
      <h2 className="section-title">{t('thread.answersTitle')}</h2>
      {answers.length === 0 && <p>{t('thread.noAnswers')}</p>}
      <ul className="record-list">
        {answers.map(({ answer, helpful, markedByMe }) => (
          <AnswerCard
            key={answer.id}
            answer={answer}
            helpful={helpful}
            markedByMe={markedByMe}
            accepted={question.acceptedAnswerId === answer.id}
            mayAccept={mayAccept}
            session={session}
            communityId={community?.id}
          />
        ))}
      </ul>
      <ThreadLinks question={question} mayWrite={Boolean(session && community)} />
      {session && community && <AnswerForm key={round} questionId={question.id} communityId={community.id} onDone={() => setRound((n) => n + 1)} />}
    </Page>
  );
}

interface AnswerCardProps {
  answer: LocalDoc<Answer>;
  helpful: number;
  markedByMe: boolean;
  accepted: boolean;
  mayAccept: boolean;
  session: Session | null | undefined;
  communityId: string | undefined;
}

/**
 * One answer: drawn again only when it, its marks or the acceptance change (a thread of fifty is
 * drawn once, not fifty times over, when one mark arrives).
 */
const AnswerCard = memo(function AnswerCard({ answer, helpful, markedByMe, accepted, mayAccept, session, communityId }: AnswerCardProps) {
  const { t } = useTranslation('practice');
  const lang = useLanguage();
  const [editing, setEditing] = useState(false);
  if (editing && communityId)
    return (
      <li>
        <AnswerForm questionId={answer.questionId} communityId={communityId} answer={answer} onDone={() => setEditing(false)} />
      </li>
    );
  return (
    <li className={accepted ? 'card post post-accepted' : 'card post'}>
      {accepted && <p className="chip">{t('thread.accepted')}</p>}
      {postByline(answer, session, t, lang)}
      {answer.hiddenReason && <p className="notice notice-warning">{t('thread.hidden', { reason: answer.hiddenReason })}</p>}
      <RichText text={answer.text} />
      {answer.attachments?.length ? <AttachmentList owner={{ collection: 'answers', docId: answer.id }} attachments={answer.attachments} /> : null}
      <div className="row-actions">
        {session && communityId && (
          <button type="button" className="button button-small" aria-pressed={markedByMe} onClick={() => void setHelpful(db, communityId, answer, !markedByMe)}>
            {t('thread.helpful')}
          </button>
        )}
        <span className="record-meta">{t('thread.helpfulCount', { count: helpful })}</span>
        {mayAccept && !accepted && (
          <button type="button" className="button button-small" onClick={() => void acceptAnswer(db, answer.questionId, answer.id)}>
            {t('thread.accept')}
          </button>
        )}
      </div>
      {session && mayCare(answer, session) && <PostCare collection="answers" post={answer} session={session} onEdit={() => setEditing(true)} />}
    </li>
  );
});

/**
 * Who wrote a post, in what position and from where, and when; "you" before the server has named
 * it. A plain function, not a component: a thread of fifty draws fifty of them.
 */
function postByline(post: LocalDoc<Question> | LocalDoc<Answer>, session: Session | null | undefined, t: TFunction<'practice'>, lang: Language) {
  const mine = post.createdBy === session?.user.id || !post.createdBy;
  const name = post.authorName ?? (mine ? t('thread.you') : '');
  const position = post.authorPosition ?? (mine ? session?.user.position : null);
  const parts = [name, position ? t(`position.${position}`) : '', post.communityName ? localizedName(post.communityName, lang) : ''].filter(Boolean);
  return (
    <p className="record-meta">
      <span>{parts.join(' · ')}</span>
      <span>{formatDate(post.createdAt, lang)}</span>
    </p>
  );
}

/** Whether the person may do anything to a post besides answering (change, delete, hide): only then are its controls drawn. */
function mayCare(post: { createdBy?: string }, session: Session): boolean {
  return post.createdBy === session.user.id || !post.createdBy || session.user.role === 'coordinator' || session.user.role === 'admin';
}
