import { derivedId } from './ids';
import {
  PLAN_SECTIONS,
  REPORT_SECTIONS,
  type CaseStudyFields,
  type Language,
  type Plan,
  REVIEW_CRITERIA,
  commentField,
  scoreField,
  type PlanContent,
  type PlanSection,
  type ReportContent,
  type ReportSection,
  type ReviewDecision,
  type Round,
  type Task,
  type TaskStatus,
  type Team,
} from './model';

// Learning teams: the rules the app and the server share (who is a member, which round comes next,
// what changed between rounds, which tasks are late).

/** The audience key of a team: everything of the team carries it, its members hold it. */
export const teamKey = (teamId: string) => `team:${teamId}`;

/**
 * The id of a team's plan: one per team, the same on every phone, so members writing it offline
 * write one record. Not the team's own id: a phone keys unsent changes by record id alone.
 */
export const planId = (teamId: string) => derivedId(`plan\n${teamId}`);

/** The id of a team's review round `number`: two submissions of one round are one record. */
export const roundId = (teamId: string, number: number) => derivedId(`round\n${teamId}\n${number}`);

/** The team's communities: its lead first, then the others. */
export function teamCommunities(team: Pick<Team, 'communityId' | 'memberCommunityIds'>): string[] {
  return [...new Set([team.communityId, ...(team.memberCommunityIds ?? [])])];
}

interface Person {
  id: string;
  role: string;
  communityIds: readonly string[];
}

export const isMentor = (person: Pick<Person, 'id'>, team: Pick<Team, 'mentorIds'>) => (team.mentorIds ?? []).includes(person.id);

/** Who may be a mentor: facilitators and coordinators (admins too). */
export const mayMentor = (role: string) => role === 'facilitator' || role === 'coordinator' || role === 'admin';

/** Staff of one of the team's communities: they write the plan and its tasks. */
export function isTeamStaff(person: Person, team: Pick<Team, 'communityId' | 'memberCommunityIds'>): boolean {
  return person.role === 'staff' && teamCommunities(team).some((id) => person.communityIds.includes(id));
}

/** Members read everything of the team: staff of its communities and its mentors. */
export function isTeamMember(person: Person, team: Pick<Team, 'communityId' | 'memberCommunityIds' | 'mentorIds'>): boolean {
  return isMentor(person, team) || isTeamStaff(person, team);
}

/** What mentors (and coordinators) write on a submitted round: scores, comments and the decision. */
export const REVIEW_FIELDS: ReadonlySet<string> = new Set(['decision', ...REVIEW_CRITERIA.map(scoreField), ...PLAN_SECTIONS.map(commentField)]);

/**
 * Which fields of one of a team's records (the team, its plan, a round, a task) this person may
 * write, or null for none: what their phone sends again after the server was restored from an
 * older copy. Coordinators write everything. The server checks every change (team-rules.ts); this
 * keeps a phone from sending what would be refused as a whole (a round sent again with a review in
 * it by the lead's staff, who submit but do not review).
 */
export function teamFieldsWritable(
  person: Person,
  collection: 'teams' | 'plans' | 'rounds' | 'tasks',
  team: Pick<Team, 'communityId' | 'memberCommunityIds' | 'mentorIds'>,
): ((field: string) => boolean) | null {
  const all = () => true;
  const leadStaff = person.role === 'staff' && person.communityIds.includes(team.communityId);
  const mentor = isMentor(person, team);
  if (collection === 'teams') return leadStaff || mentor ? all : null;
  if (collection === 'rounds') return mentor ? all : leadStaff ? (field) => !REVIEW_FIELDS.has(field) : null;
  if (collection === 'tasks') return mentor || isTeamStaff(person, team) ? all : null;
  return isTeamStaff(person, team) ? all : null;
}

/** Where a team's plan stands, from its rounds. */
export type PlanStage = 'draft' | 'inReview' | 'revise' | 'approved';

export function planStage(rounds: readonly Pick<Round, 'number' | 'decision'>[]): PlanStage {
  const last = latestRound(rounds);
  if (!last) return 'draft';
  if (last.decision === 'approved') return 'approved';
  return last.decision === 'revise' ? 'revise' : 'inReview';
}

export function latestRound<R extends Pick<Round, 'number'>>(rounds: readonly R[]): R | undefined {
  return rounds.reduce<R | undefined>((best, round) => (!best || round.number > best.number ? round : best), undefined);
}

/**
 * The number the next submission takes, or null while none may be submitted (a round waits for
 * its review, or the plan is approved). The server checks the same.
 */
export function nextRoundNumber(rounds: readonly Pick<Round, 'number' | 'decision'>[]): number | null {
  const stage = planStage(rounds);
  if (stage === 'inReview' || stage === 'approved') return null;
  return (latestRound(rounds)?.number ?? 0) + 1;
}

/** The plan's sections as a round keeps them (empty sections left out). */
export function planSnapshot(plan: PlanContent): PlanContent {
  const snapshot: Record<string, unknown> = {};
  for (const section of PLAN_SECTIONS) {
    const value = plan[section];
    if (value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)) snapshot[section] = value;
  }
  return snapshot as PlanContent;
}

/** The sections that differ between two versions of a plan (a round and the one before it). */
export function changedSections(before: PlanContent | undefined, after: PlanContent): PlanSection[] {
  return PLAN_SECTIONS.filter((section) => JSON.stringify(before?.[section] ?? null) !== JSON.stringify(after[section] ?? null));
}

/** A round's scores, criterion by criterion (null where not scored yet), and their sum over those scored. */
export function roundScores(round: Partial<Round>): { scores: (number | null)[]; total: number; scored: number } {
  const scores = REVIEW_CRITERIA.map((criterion) => {
    const value = round[scoreField(criterion)];
    return typeof value === 'number' ? value : null;
  });
  const given = scores.filter((score): score is number => score !== null);
  return { scores, total: given.reduce((sum, score) => sum + score, 0), scored: given.length };
}

export const isDecision = (value: unknown): value is ReviewDecision => value === 'revise' || value === 'approved';

/** Whether a task is late on `today` (YYYY-MM-DD): due before it and not done. */
export function isOverdue(task: Pick<Task, 'dueDate' | 'status'>, today: string): boolean {
  return task.status !== 'done' && Boolean(task.dueDate) && task.dueDate! < today;
}

/** Tasks as a team works through them: late ones first, then by due date (none last), done ones at the end. */
export function byDeadline(today: string) {
  return (a: Pick<Task, 'dueDate' | 'status' | 'title'>, b: Pick<Task, 'dueDate' | 'status' | 'title'>) =>
    Number(b.status !== 'done') - Number(a.status !== 'done') ||
    Number(isOverdue(b, today)) - Number(isOverdue(a, today)) ||
    (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
    a.title.localeCompare(b.title);
}

/** A team's progress at a glance: tasks by status, how many are late. */
export function teamProgress(
  tasks: readonly Pick<Task, 'dueDate' | 'status'>[],
  today: string,
): Record<TaskStatus, number> & { overdue: number; total: number } {
  const progress = { todo: 0, doing: 0, done: 0, overdue: 0, total: tasks.length };
  for (const task of tasks) {
    progress[task.status] += 1;
    if (isOverdue(task, today)) progress.overdue += 1;
  }
  return progress;
}

/** The sections of the team's final report that have something written in them, in order. */
export function writtenSections(plan: ReportContent | undefined): ReportSection[] {
  return REPORT_SECTIONS.filter((section) => Boolean(plan?.[section]?.trim()));
}

/** Whether anything of the team's final report is written. */
export const hasReport = (plan: ReportContent | undefined): boolean => writtenSections(plan).length > 0;

/**
 * A community's case-study draft from its learning team's work, one per member community: the
 * plan's problem, its activities as what was done (each community then writes its own part), and
 * the final report's results, what worked and what did not, and its lessons as advice to peers.
 * Before the report is written, the plan's expected results stand in for the results.
 */
export function caseStudyFromTeam(
  team: Pick<Team, 'id' | 'name' | 'topics'>,
  plan: (Partial<Pick<Plan, 'title' | 'problem' | 'activities' | 'expectedResults'>> & ReportContent) | undefined,
  language: Language,
): Pick<CaseStudyFields, 'title' | 'topics' | 'language' | 'problem' | 'actions' | 'results' | 'worked' | 'didNotWork' | 'advice' | 'teamId'> {
  const reported = (section: ReportSection) => plan?.[section]?.trim() || '';
  return {
    title: plan?.title?.trim() || team.name,
    topics: team.topics ?? [],
    language,
    problem: plan?.problem ?? '',
    actions: (plan?.activities ?? []).map((activity) => `- ${activity.title}`).join('\n'),
    results: reported('reportResults') || plan?.expectedResults || '',
    worked: reported('reportWorked'),
    didNotWork: reported('reportDidNotWork'),
    advice: reported('reportLessons'),
    teamId: team.id,
  };
}
