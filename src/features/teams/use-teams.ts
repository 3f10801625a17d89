import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import type { GenericSchema, InferOutput } from 'valibot';
import { isMentor, isTeamStaff, nextRoundNumber, planStage, type PlanStage } from '../../core/teams';
import type { PlanContent, ReportContent, Team } from '../../core/model';
import { db } from '../../db/instance';
import { listTeams, readTeam, savePlan, type TeamBundle } from '../../db/teams';
import { useRecordForm, type RecordForm } from '../../ui/form/use-record-form';
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

/**
 * The form of a page that writes the team's plan record (the plan, or its final report), drafted
 * under `draftKey`. It writes only the sections its person changed from what the form opened on
 * (`changes`), so sections others wrote meanwhile (synced while the form was open, or not yet on
 * this phone) are not written over with what this phone had.
 */
export function usePlanRecordForm<V extends Record<string, unknown>, S extends GenericSchema>(options: {
  team: Pick<Team, 'id' | 'communityId'>;
  draftKey: string;
  initial: V;
  schema: S;
  changes: (opened: V, typed: V, checked: InferOutput<S>) => PlanContent & ReportContent;
  onDone: () => void;
}): RecordForm<V> {
  const { team, draftKey, initial, schema, changes, onDone } = options;
  const [opened] = useState(initial);
  return useRecordForm({
    draftKey,
    initial,
    schema,
    write: (value, values) => savePlan(db, team, changes(opened, values, value), { clearDraft: draftKey }),
    onSaved: onDone,
  });
}
