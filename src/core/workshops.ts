import { GENDERS, PARTICIPANT_ROLES, type FollowUpAction, type Gender, type Participant, type ParticipantRole, type Tally } from './model';

/** "Not said": a named participant whose gender or role was not written down. */
export type Counted<K extends string> = Record<K | 'unknown', number>;

export interface ParticipantTotals {
  /** Everyone: the head count plus the named list. */
  total: number;
  /** Of whom counted without names (the tally). */
  counted: number;
  /** Of whom listed by name. */
  named: number;
  byGender: Counted<Gender>;
  byRole: Counted<ParticipantRole>;
  /** Role × gender, for the report's table. */
  grid: Record<ParticipantRole | 'unknown', Counted<Gender>>;
}

function zeroes<K extends string>(keys: readonly K[]): Counted<K> {
  return Object.fromEntries([...keys, 'unknown'].map((key) => [key, 0])) as Counted<K>;
}

/**
 * Totals by gender and by role, derived from the head count and the named list together: the two
 * are never typed twice. The tally holds people whose names were not taken, so a named participant
 * adds to it rather than being counted in it.
 */
export function participantTotals(tally: Tally | undefined, participants: readonly Pick<Participant, 'gender' | 'role'>[]): ParticipantTotals {
  const grid = Object.fromEntries([...PARTICIPANT_ROLES, 'unknown'].map((role) => [role, zeroes(GENDERS)])) as ParticipantTotals['grid'];
  let counted = 0;
  for (const role of PARTICIPANT_ROLES) {
    for (const gender of GENDERS) {
      const count = tally?.[role]?.[gender] ?? 0;
      grid[role][gender] += count;
      counted += count;
    }
  }
  for (const person of participants) grid[person.role ?? 'unknown'][person.gender ?? 'unknown'] += 1;
  const byGender = zeroes(GENDERS);
  const byRole = zeroes(PARTICIPANT_ROLES);
  for (const role of [...PARTICIPANT_ROLES, 'unknown'] as const) {
    for (const gender of [...GENDERS, 'unknown'] as const) {
      byGender[gender] += grid[role][gender];
      byRole[role] += grid[role][gender];
    }
  }
  return { total: counted + participants.length, counted, named: participants.length, byGender, byRole, grid };
}

/** Records of several events, by event: one pass, not one search per event. */
export function byWorkshop<T extends { workshopId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.workshopId);
    if (group) group.push(item);
    else groups.set(item.workshopId, [item]);
  }
  return groups;
}

/** Totals of several events together. */
export function sumTotals(all: readonly ParticipantTotals[]): ParticipantTotals {
  const sum = participantTotals(undefined, []);
  for (const totals of all) {
    sum.total += totals.total;
    sum.counted += totals.counted;
    sum.named += totals.named;
    for (const role of [...PARTICIPANT_ROLES, 'unknown'] as const) {
      sum.byRole[role] += totals.byRole[role];
      for (const gender of [...GENDERS, 'unknown'] as const) sum.grid[role][gender] += totals.grid[role][gender];
    }
    for (const gender of [...GENDERS, 'unknown'] as const) sum.byGender[gender] += totals.byGender[gender];
  }
  return sum;
}

/** Today as YYYY-MM-DD on the phone's calendar (not UTC: a deadline is a local day). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Open, and its due day has passed. */
export function isOverdue(action: Pick<FollowUpAction, 'status' | 'dueDate'>, today: string): boolean {
  return action.status === 'open' && !!action.dueDate && action.dueDate < today;
}

/** Open actions, overdue first, then by due day (undated last). */
export function byUrgency(a: Pick<FollowUpAction, 'dueDate' | 'action'>, b: Pick<FollowUpAction, 'dueDate' | 'action'>): number {
  const dueA = a.dueDate || '9999';
  const dueB = b.dueDate || '9999';
  return dueA < dueB ? -1 : dueA > dueB ? 1 : a.action.localeCompare(b.action);
}

/** A tally from the form's boxes ("role.gender" → count), keeping only counts above zero. */
export function tallyOf(boxes: Record<string, number>): Tally {
  const tally: Tally = {};
  for (const [key, count] of Object.entries(boxes)) {
    const [role, gender] = key.split('.') as [ParticipantRole, Gender];
    if (!count || !PARTICIPANT_ROLES.includes(role) || !GENDERS.includes(gender)) continue;
    (tally[role] ??= {})[gender] = count;
  }
  return tally;
}

/** The form's boxes from a stored tally. */
export function boxesOf(tally: Tally | undefined): Record<string, string> {
  const boxes: Record<string, string> = {};
  for (const role of PARTICIPANT_ROLES) for (const gender of GENDERS) boxes[`${role}.${gender}`] = tally?.[role]?.[gender] ? String(tally[role][gender]) : '';
  return boxes;
}

export interface VisitLink {
  from: string;
  to: string;
  visits: number;
}

/** Who visited whom: one link per visiting → host pair of the exchange visits and study tours. */
export function visitLinks(
  events: readonly { type: string; hostCommunityId?: string | null; communityId: string; visitingCommunityIds?: string[] }[],
): VisitLink[] {
  const links = new Map<string, VisitLink>();
  for (const event of events) {
    if (event.type !== 'exchange_visit' && event.type !== 'study_tour') continue;
    const host = event.hostCommunityId || event.communityId;
    for (const visitor of event.visitingCommunityIds ?? []) {
      if (visitor === host) continue;
      const key = `${visitor}>${host}`;
      const link = links.get(key) ?? { from: visitor, to: host, visits: 0 };
      link.visits += 1;
      links.set(key, link);
    }
  }
  return [...links.values()].sort((a, b) => b.visits - a.visits || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
