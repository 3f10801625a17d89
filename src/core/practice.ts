import {
  CIRCLES,
  TOPICS,
  type Answer,
  type CaseStudyFields,
  type Circle,
  type Collection,
  type Language,
  type LocalizedName,
  type Question,
  type Topic,
} from './model';
import { derivedId, isUuid } from './ids';

// Circles of practice, questions and answers: the rules the app and the server share.

/** The posts of a circle: what a coordinator may hide, and what is written by one person. */
export const POST_COLLECTIONS: readonly Collection[] = ['questions', 'answers'];

/** The help desk: who sees unanswered questions first and asks a named person to answer one. */
export function isHelpDesk(role: string | undefined): boolean {
  return role === 'facilitator' || role === 'coordinator' || role === 'admin';
}

export const circleTarget = (circle: Circle) => `circle:${circle}`;
export const threadTarget = (questionId: string) => `thread:${questionId}`;

/** Whether a follow's target names a circle that exists or a thread by a question's id. */
export function isFollowTarget(target: string): boolean {
  if (target.startsWith('circle:')) return (CIRCLES as readonly string[]).includes(target.slice('circle:'.length));
  if (target.startsWith('thread:')) return isUuid(target.slice('thread:'.length));
  return false;
}

/**
 * Which targets a person follows: what their follow records say (`records`: target → following),
 * else their position's circle.
 */
export function followsNow(records: ReadonlyMap<string, boolean>, position: string | null | undefined): (target: string) => boolean {
  return (target) => records.get(target) ?? (typeof position === 'string' && target === `circle:${position}`);
}

/** The id of a person's "helpful" mark on an answer: the same on every phone, so marks merge, one per person. */
export function markId(answerId: string, userId: string): string {
  return derivedId(`mark\n${answerId}\n${userId}`);
}

/** The id of a person's follow of a circle or thread: one record per person and target. */
export function followId(userId: string, target: string): string {
  return derivedId(`follow\n${userId}\n${target}`);
}

/**
 * A case-study draft from a thread with an accepted answer: the question is the problem, the
 * accepted answer what was done; the topics are the question's (and its circle, when a topic).
 */
export function caseStudyFromThread(
  question: Pick<Question, 'id' | 'title' | 'text' | 'circle' | 'topics' | 'language'>,
  accepted: Pick<Answer, 'text'> | undefined,
): Pick<CaseStudyFields, 'title' | 'topics' | 'language' | 'problem' | 'actions' | 'fromQuestionId'> {
  const topics = new Set<Topic>(question.topics ?? []);
  if ((TOPICS as readonly string[]).includes(question.circle)) topics.add(question.circle as Topic);
  return {
    title: question.title,
    topics: [...topics],
    language: question.language,
    problem: question.text.trim() ? `${question.title}\n\n${question.text}` : question.title,
    actions: accepted?.text ?? '',
    fromQuestionId: question.id,
  };
}

/** A question as a list shows it. */
export interface QuestionSummary {
  id: string;
  title: string;
  circle: Circle;
  topics: Topic[];
  language: Language;
  communityName: LocalizedName | null;
  authorName: string | null;
  createdAt: string;
  answers: number;
  accepted: boolean;
  /** Asked more than HELP_DESK_DAYS ago and still without an answer. */
  waiting: boolean;
  hidden: boolean;
  /** A few words around the first match in the question's text or its answers. */
  snippet: string | null;
}

/** A question unanswered this long is flagged to the help desk. */
export const HELP_DESK_DAYS = 3;

/** Whether a question asked then, with no answer, waits too long at `now`. */
export function isWaiting(createdAt: string, now: number): boolean {
  return Date.parse(createdAt) < now - HELP_DESK_DAYS * 86_400_000;
}

/**
 * A question as a list shows it, given how many answers it has: from the index (which also says
 * whether the accepted answer is among those the reader sees, and the words found), or read from
 * the phone's database (the accepted answer as the question names it).
 */
export function questionSummary(
  question: Omit<Question, 'attachments'>,
  answers: number,
  now: number,
  found: { accepted?: boolean; snippet?: string | null } = {},
): QuestionSummary {
  return {
    id: question.id,
    title: question.title,
    circle: question.circle,
    topics: question.topics ?? [],
    language: question.language,
    communityName: question.communityName ?? null,
    authorName: question.authorName ?? null,
    createdAt: question.createdAt,
    answers,
    accepted: found.accepted ?? Boolean(question.acceptedAnswerId),
    waiting: answers === 0 && isWaiting(question.createdAt, now),
    hidden: Boolean(question.hiddenReason),
    snippet: found.snippet ?? null,
  };
}
