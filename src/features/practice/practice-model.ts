import { CIRCLES, POSITIONS, TOPICS, type Circle, type Position } from '../../core/model';
import type { QuestionSummary } from '../../core/practice';

export const isPosition = (circle: string): circle is Position => (POSITIONS as readonly string[]).includes(circle);
export const isCircle = (circle: string | undefined): circle is Circle => circle !== undefined && (CIRCLES as readonly string[]).includes(circle);

/** The translation key of a circle's name: positions have their own, topics are the library's. */
export const circleLabelKey = (circle: Circle) => (isPosition(circle) ? `practice:circle.${circle}` : `library:topic.${circle}`);

/** The circles in the order the screen shows them: positions, then topics. */
export const CIRCLE_GROUPS = [
  { key: 'positions', circles: POSITIONS },
  { key: 'topics', circles: TOPICS },
] as const;

/** What a question list shows of each question (from the search index, or read from the phone's database). */
export type QuestionRow = QuestionSummary;

/** The search's filters, as the address keeps them. */
export const SEARCH_FILTER_KEYS = ['circle', 'topic', 'answered', 'language'] as const;

/** The help desk's filter: questions without an answer. */
export const UNANSWERED = { answered: 'no' } as const;
