import { describe, expect, it } from 'vitest';
import { changedContent, planContent, planFormSchema, planFormValues } from '../../../src/core/team-validation';
import * as v from 'valibot';
import {
  byDeadline,
  caseStudyFromTeam,
  hasReport,
  changedSections,
  isOverdue,
  isTeamMember,
  isTeamStaff,
  nextRoundNumber,
  planId,
  planStage,
  roundId,
  roundScores,
  teamCommunities,
  teamFieldsWritable,
  teamProgress,
} from '../../../src/core/teams';

const team = { communityId: 'lead', memberCommunityIds: ['other', 'lead'], mentorIds: ['mentor'] };

describe('learning teams: who is in', () => {
  it('counts the lead once, first; staff of any of its communities and its mentors are members, nobody else', () => {
    expect(teamCommunities(team)).toEqual(['lead', 'other']);
    expect(isTeamMember({ id: 'u1', role: 'staff', communityIds: ['other'] }, team)).toBe(true);
    expect(isTeamMember({ id: 'u2', role: 'volunteer', communityIds: ['lead'] }, team)).toBe(false);
    expect(isTeamMember({ id: 'u3', role: 'staff', communityIds: ['elsewhere'] }, team)).toBe(false);
    expect(isTeamMember({ id: 'mentor', role: 'facilitator', communityIds: [] }, team)).toBe(true);
    expect(isTeamStaff({ id: 'mentor', role: 'facilitator', communityIds: ['lead'] }, team)).toBe(false);
  });

  it('gives the plan and each round an id of their own, the same on every phone', () => {
    expect(planId('t1')).toBe(planId('t1'));
    expect(planId('t1')).not.toBe('t1');
    expect(roundId('t1', 1)).not.toBe(roundId('t1', 2));
    expect(roundId('t1', 1)).not.toBe(roundId('t2', 1));
  });
});

describe('learning teams: what a phone sends again after a server restore', () => {
  it("is what its person may write: the lead's staff a round without its review, a mentor the review, members the plan and tasks", () => {
    const lead = { id: 'u1', role: 'staff', communityIds: ['lead'] };
    const member = { id: 'u2', role: 'staff', communityIds: ['other'] };
    const mentor = { id: 'mentor', role: 'facilitator', communityIds: ['elsewhere'] };
    const outsider = { id: 'u3', role: 'staff', communityIds: ['elsewhere'] };
    const fields = (person: typeof lead, collection: Parameters<typeof teamFieldsWritable>[1]) => {
      const writable = teamFieldsWritable(person, collection, team);
      return writable && ['title', 'problem', 'score_title', 'comment_problem', 'decision', 'status'].filter(writable);
    };
    expect(fields(lead, 'rounds')).toEqual(['title', 'problem', 'status']);
    expect(fields(mentor, 'rounds')).toEqual(['title', 'problem', 'score_title', 'comment_problem', 'decision', 'status']);
    expect(fields(member, 'rounds')).toBeNull();
    expect(fields(member, 'plans')).toHaveLength(6);
    expect(fields(mentor, 'plans')).toBeNull();
    expect(fields(member, 'tasks')).toHaveLength(6);
    expect(fields(mentor, 'tasks')).toHaveLength(6);
    expect([fields(lead, 'teams'), fields(mentor, 'teams')].map((list) => list?.length)).toEqual([6, 6]);
    expect(fields(member, 'teams')).toBeNull();
    for (const collection of ['teams', 'plans', 'rounds', 'tasks'] as const) expect(fields(outsider, collection)).toBeNull();
  });
});

describe('learning teams: rounds', () => {
  it('submits round 1 first, the next only once the last was sent back, none after approval', () => {
    expect([planStage([]), nextRoundNumber([])]).toEqual(['draft', 1]);
    expect([planStage([{ number: 1 }]), nextRoundNumber([{ number: 1 }])]).toEqual(['inReview', null]);
    const sentBack = [{ number: 1, decision: 'revise' as const }];
    expect([planStage(sentBack), nextRoundNumber(sentBack)]).toEqual(['revise', 2]);
    const approved = [...sentBack, { number: 2, decision: 'approved' as const }];
    expect([planStage(approved), nextRoundNumber(approved)]).toEqual(['approved', null]);
  });

  it('says which sections changed between rounds, and sums the scores given', () => {
    expect(changedSections({ title: 'A', problem: 'x' }, { title: 'A', problem: 'y', budget: [] })).toEqual(['problem', 'budget']);
    expect(roundScores({ score_title: 4, score_inclusivity: 2, score_impact: null })).toMatchObject({ total: 6, scored: 2 });
  });

  it('writes from a plan form only the sections its person changed', () => {
    const opened = planFormValues({ problem: 'theirs' });
    const typed = { ...opened, generalObjective: 'mine' };
    const content = planContent(v.parse(planFormSchema, typed));
    expect(changedContent(opened, typed, content)).toEqual({ generalObjective: 'mine' });
    const withActivity = { ...opened, activities: [{ id: 'a', title: 'Visit', from: '2026-01-02', to: '', hostCommunityId: '' }] };
    expect(changedContent(opened, withActivity, planContent(v.parse(planFormSchema, withActivity)))).toEqual({
      activities: [{ id: 'a', title: 'Visit', from: '2026-01-02', to: null, hostCommunityId: null }],
    });
  });
});

describe('learning teams: tasks', () => {
  it('puts late tasks first, then by due date, done ones last, and counts progress', () => {
    const today = '2026-12-05';
    const tasks = [
      { title: 'done late', dueDate: '2026-11-01', status: 'done' as const },
      { title: 'no date', dueDate: null, status: 'todo' as const },
      { title: 'soon', dueDate: '2026-12-10', status: 'doing' as const },
      { title: 'late', dueDate: '2026-12-01', status: 'todo' as const },
    ];
    expect([...tasks].sort(byDeadline(today)).map((task) => task.title)).toEqual(['late', 'soon', 'no date', 'done late']);
    expect(isOverdue(tasks[0]!, today)).toBe(false);
    expect(teamProgress(tasks, today)).toEqual({ todo: 2, doing: 1, done: 1, overdue: 1, total: 4 });
  });
});

describe('learning teams: what each community learnt', () => {
  it("starts a community's case study from the plan: its problem, activities as what was done, results, the team kept", () => {
    const draft = caseStudyFromTeam(
      { id: 't1', name: 'Open budget team', topics: ['participatory_budgeting'] },
      {
        title: ' ',
        problem: 'Nobody reads the budget.',
        activities: [
          { id: 'a', title: 'Visit Ak-Suu' },
          { id: 'b', title: 'Hearing' },
        ],
        expectedResults: 'Half come.',
      },
      'ru',
    );
    expect(draft).toEqual({
      title: 'Open budget team',
      topics: ['participatory_budgeting'],
      language: 'ru',
      problem: 'Nobody reads the budget.',
      actions: '- Visit Ak-Suu\n- Hearing',
      results: 'Half come.',
      worked: '',
      didNotWork: '',
      advice: '',
      teamId: 't1',
    });
  });

  it("takes the final report, once written: its results in place of the plan's expected ones, what worked and not, its lessons as advice", () => {
    const draft = caseStudyFromTeam(
      { id: 't1', name: 'Open budget team' },
      {
        title: 'Open budget',
        problem: 'Nobody reads the budget.',
        expectedResults: 'Half come.',
        reportResults: ' 40 young people came; 3 projects funded. ',
        reportWorked: 'Evening hearings.',
        reportDidNotWork: 'Posters.',
        reportLessons: 'Ask the school first.',
      },
      'ky',
    );
    expect(draft).toMatchObject({
      title: 'Open budget',
      topics: [],
      problem: 'Nobody reads the budget.',
      actions: '',
      results: '40 young people came; 3 projects funded.',
      worked: 'Evening hearings.',
      didNotWork: 'Posters.',
      advice: 'Ask the school first.',
    });
    // A report with only blanks is not written: the plan's expected results stand.
    expect(caseStudyFromTeam({ id: 't1', name: 'T' }, { expectedResults: 'Half come.', reportResults: '  ' }, 'ky').results).toBe('Half come.');
    expect(hasReport({ reportResults: '  ' })).toBe(false);
    expect(hasReport({ reportLessons: 'Ask.' })).toBe(true);
    expect(hasReport(undefined)).toBe(false);
  });
});
