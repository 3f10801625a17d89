import { newId } from '../core/ids';
import type { CaseStudy, Plan, PlanContent, ReportContent, Round, RoundFields, Task, TaskFields, Team, TeamFields, Workshop } from '../core/model';
import { latestRound, planId, planSnapshot, roundId } from '../core/teams';
import type { AsharDb, LocalDoc } from './database';
import { writeDoc, type WriteOptions } from './docs';

// Learning teams on the phone: the teams its person is in (the server sends only those), each
// team's plan, review rounds, tasks and events. Everything works offline and is sent when it can.

export type TeamInput = Required<Pick<TeamFields, 'name'>> & Pick<TeamFields, 'topics' | 'memberCommunityIds' | 'mentorIds'>;

/** A new team, led by `communityId` (the person's own). */
export async function createTeam(db: AsharDb, communityId: string, input: TeamInput, options: WriteOptions & { id?: string } = {}): Promise<string> {
  const { id = newId(), ...write } = options;
  await writeDoc(db, 'teams', id, { ...input, communityId }, { ...write, create: true });
  return id;
}

export function updateTeam(db: AsharDb, id: string, input: Partial<TeamInput>, options: WriteOptions = {}): Promise<boolean> {
  return writeDoc(db, 'teams', id, input, options);
}

const live = <T extends { _deleted?: 0 | 1 }>(rows: readonly (T | undefined)[]): T[] => rows.filter((row): row is T => row !== undefined && !row._deleted);

/** Every team on this phone, by name. */
export async function listTeams(db: AsharDb): Promise<LocalDoc<Team>[]> {
  return live(await db.teams.toArray()).sort((a, b) => a.name.localeCompare(b.name));
}

export interface TeamBundle {
  team: LocalDoc<Team>;
  plan: LocalDoc<Plan> | undefined;
  /** Oldest first. */
  rounds: LocalDoc<Round>[];
  tasks: LocalDoc<Task>[];
  events: LocalDoc<Workshop>[];
  /** The case studies the team's communities wrote from its work (originals, not translations). */
  caseStudies: LocalDoc<CaseStudy>[];
}

/** A team with everything written in it, or undefined when it is not on this phone. */
export async function readTeam(db: AsharDb, teamId: string): Promise<TeamBundle | undefined> {
  const team = await db.teams.get(teamId);
  if (!team || team._deleted) return undefined;
  const [plan, rounds, tasks, events, caseStudies] = await Promise.all([
    db.plans.get(planId(teamId)),
    db.rounds.where('teamId').equals(teamId).toArray(),
    db.tasks.where('teamId').equals(teamId).toArray(),
    db.workshops.where('teamId').equals(teamId).toArray(),
    db.caseStudies.where('teamId').equals(teamId).toArray(),
  ]);
  return {
    team,
    plan: plan && !plan._deleted ? plan : undefined,
    rounds: live(rounds).sort((a, b) => a.number - b.number),
    tasks: live(tasks),
    events: live(events).sort((a, b) => b.startDate.localeCompare(a.startDate)),
    caseStudies: live(caseStudies).filter((doc) => !doc.translationOf),
  };
}

/** Writes sections of the team's plan or of its final report (the plan's record is made at its first write). */
export function savePlan(
  db: AsharDb,
  team: Pick<Team, 'id' | 'communityId'>,
  content: PlanContent & ReportContent,
  options: WriteOptions = {},
): Promise<boolean> {
  return writeDoc(db, 'plans', planId(team.id), { ...content, teamId: team.id, communityId: team.communityId }, options);
}

/**
 * Submits the plan as it is now for review, as round `number`: a frozen copy of its sections.
 * Returns the round's id.
 */
export async function submitRound(db: AsharDb, team: Pick<Team, 'id' | 'communityId'>, number: number): Promise<string> {
  const id = roundId(team.id, number);
  const plan = await db.plans.get(planId(team.id));
  await writeDoc(db, 'rounds', id, { ...planSnapshot(plan ?? {}), teamId: team.id, number, communityId: team.communityId });
  return id;
}

/** What a mentor writes on a round: scores, comments, the decision (only the fields given). */
export type ReviewInput = Partial<Omit<RoundFields, 'teamId' | 'number' | keyof PlanContent>>;

export function saveReview(db: AsharDb, id: string, review: ReviewInput, options: WriteOptions = {}): Promise<boolean> {
  return writeDoc(db, 'rounds', id, review, options);
}

export type TaskInput = Pick<TaskFields, 'title' | 'status'> & Partial<Pick<TaskFields, 'owner' | 'ownerCommunityId' | 'dueDate' | 'activityId'>>;

export async function saveTask(
  db: AsharDb,
  team: Pick<Team, 'id' | 'communityId'>,
  input: TaskInput,
  options: WriteOptions & { id?: string } = {},
): Promise<string> {
  const { id = newId(), ...write } = options;
  await writeDoc(db, 'tasks', id, { ...input, teamId: team.id, communityId: team.communityId }, write);
  return id;
}

/** The round a team's view starts from: the newest. */
export const currentRound = (bundle: Pick<TeamBundle, 'rounds'>) => latestRound(bundle.rounds);
