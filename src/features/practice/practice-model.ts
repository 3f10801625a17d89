import { CIRCLES, POSITIONS, TOPICS, type Circle, type Position } from '../../core/model';

export const isPosition = (circle: string): circle is Position => (POSITIONS as readonly string[]).includes(circle);
export const isCircle = (circle: string | undefined): circle is Circle => circle !== undefined && (CIRCLES as readonly string[]).includes(circle);

/** The translation key of a circle's name: positions have their own, topics are the library's. */
export const circleLabelKey = (circle: Circle) => (isPosition(circle) ? `practice:circle.${circle}` : `library:topic.${circle}`);

/** The circles in the order the screen shows them: positions, then topics. */
export const CIRCLE_GROUPS = [
  { key: 'positions', circles: POSITIONS },
  { key: 'topics', circles: TOPICS },
] as const;
