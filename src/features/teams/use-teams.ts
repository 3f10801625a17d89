import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { isMentor, isTeamStaff, nextRoundNumber, planStage, type PlanStage } from '../../core/teams';
import type { Team } from '../../core/model';
import { db } from '../../db/instance';
import { listTeams, readTeam, type TeamBundle } from '../../db/teams';
import { useSession } from '../../ui/use-session';

/** The teams on this phone (the server sends only its person's), by name; undefined while reading. */
export function useTeams() {
  return useLiveQuery(() => listTeams(db), []);
}

/** A team with its plan, rounds, tasks and events; null when it is not on this phone. */
export function useTeam(teamId: string | undefined): TeamBundle | null | undefined {
  return useLiveQuery(async () => (teamId ? ((await readTeam(db, teamId)) ?? null) : null), [teamId]);
}

export interface TeamRoles {
  /** Staff of one of the team's communities: they write the plan and tasks. */
  writes: boolean;
  /** Staff of the lead community (or a coordinator): they submit the plan. */
  submits: boolean;
  /** A mentor (or a coordinator): they review rounds. */
  reviews: boolean;
  /** They change the team itself: lead staff, mentors, coordinators. */
  manages: boolean;
}

/** What the signed-in person may do in a team, as the server decides it (server/team-rules.ts). */
export function useTeamRoles(team: Pick<Team, 'communityId' | 'memberCommunityIds' | 'mentorIds'> | undefined): TeamRoles {
  const session = useSession();
  return useMemo(() => {
    const user = session?.user;
    if (!user || !team) return { writes: false, submits: false, reviews: false, manages: false };
    const coordinator = user.role === 'coordinator' || user.role === 'admin';
    const mentor = isMentor(user, team);
    const leadStaff = user.role === 'staff' && user.communityIds.includes(team.communityId);
    return {
      writes: coordinator || isTeamStaff(user, team),
      submits: coordinator || leadStaff,
      reviews: coordinator || mentor,
      manages: coordinator || leadStaff || mentor,
    };
  }, [session, team]);
}

/** Where a team's plan stands, and the number of the round the next submission takes (null: none now). */
export function planProgress(bundle: Pick<TeamBundle, 'rounds'>): { stage: PlanStage; round: number; next: number | null } {
  const stage = planStage(bundle.rounds);
  return { stage, round: bundle.rounds.at(-1)?.number ?? 0, next: nextRoundNumber(bundle.rounds) };
}
