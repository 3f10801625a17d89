// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import { PLAN_TEXT_SECTIONS, REPORT_SECTIONS, REVIEW_CRITERIA, scoreField } from '../../src/core/model';
import { TEAM_LIMITS } from '../../src/core/protocol';
import { planId, roundId } from '../../src/core/teams';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';
import { openSnapshots } from './storage-snapshot';
import { change, newTeam, planOf, roundOf, sender, taskOf, type SentChange } from './team-fixtures';

// Bad input to every field of the learning teams, one table as in bad-input.test.ts: each change is
// refused with its validation code, naming the field, and leaves the server's database exactly as
// it was (records, change log, everything).

let server: TestServer;
let seed: Awaited<ReturnType<typeof seedAccounts>>;
let snapshots: Awaited<ReturnType<typeof openSnapshots>>;
let api: ReturnType<typeof sender>;
/** A team of A with B, its plan and a submitted round: what the updates below write to. */
let team: SentChange;

beforeAll(async () => {
  server = await startServer();
  seed = await seedAccounts(server);
  api = sender(server);
  team = newTeam(seed.communities.a, { memberCommunityIds: [seed.communities.b], mentorIds: [seed.ids['facilitator-a']] });
  await api.push(seed.tokens['staff-a']!, [team, planOf(team), roundOf(team, 1)]);
  snapshots = await openSnapshots(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await snapshots?.close();
  await server.close();
});

type Who = 'staff-a' | 'facilitator-a';
interface Row {
  name: string;
  /** Who sends it: the lead staff, or the mentor for a review. */
  as: Who;
  sent: () => SentChange;
  field: string;
  code: string;
}

const uuids = (count: number) => Array.from({ length: count }, () => newId());
const text = (length: number) => 'ө'.repeat(length);
const activity = (extra: Record<string, unknown> = {}) => ({ id: newId(), title: 'Тажрыйба алмашуу', ...extra });
const line = (extra: Record<string, unknown> = {}) => ({ id: newId(), item: 'Жол кире', amountSom: 12_000, source: 'local_budget', ...extra });
const { title: _title, ...untitled } = activity();
const { amountSom: _amount, ...unpriced } = line();

const teamRow = (name: string, set: Record<string, unknown>, field: string, code: string): Row => ({
  name: `team: ${name}`,
  as: 'staff-a',
  sent: () => newTeam(seed.communities.a, set),
  field,
  code,
});
const planRow = (name: string, set: Record<string, unknown>, field: string, code: string): Row => ({
  name: `plan: ${name}`,
  as: 'staff-a',
  sent: () => change('plans', planId(team.docId), set),
  field,
  code,
});
const reviewRow = (name: string, set: Record<string, unknown>, field: string, code: string): Row => ({
  name: `review: ${name}`,
  as: 'facilitator-a',
  sent: () => change('rounds', roundId(team.docId, 1), set),
  field,
  code,
});
const submitRow = (name: string, set: Record<string, unknown>, field: string, code: string): Row => ({
  name: `submission: ${name}`,
  as: 'staff-a',
  sent: () => ({ ...roundOf(team, 2, set), docId: typeof set.number === 'number' ? roundId(team.docId, set.number) : roundId(team.docId, 2) }),
  field,
  code,
});
const taskRow = (name: string, set: Record<string, unknown>, field: string, code: string): Row => ({
  name: `task: ${name}`,
  as: 'staff-a',
  sent: () => taskOf(team, set),
  field,
  code,
});

const ROWS: Row[] = [
  teamRow('empty name', { name: '' }, 'name', 'required'),
  teamRow('name of 201 letters', { name: text(TEAM_LIMITS.name + 1) }, 'name', 'too_long'),
  teamRow('a topic not in the list', { topics: ['weather'] }, 'topics', 'not_in_list'),
  teamRow('a member community not an id', { memberCommunityIds: ['../b'] }, 'memberCommunityIds', 'not_uuid'),
  teamRow('31 member communities', { memberCommunityIds: uuids(TEAM_LIMITS.communities + 1) }, 'memberCommunityIds', 'too_many'),
  teamRow('a mentor not an id', { mentorIds: ['boss'] }, 'mentorIds', 'not_uuid'),
  teamRow('11 mentors', { mentorIds: uuids(TEAM_LIMITS.mentors + 1) }, 'mentorIds', 'too_many'),
  teamRow('a community not an id', { communityId: 'a' }, 'communityId', 'not_uuid'),

  planRow('title of 301 letters', { title: text(301) }, 'title', 'too_long'),
  ...PLAN_TEXT_SECTIONS.filter((section) => section !== 'title').map((section) =>
    planRow(`${section} of 20,001 letters`, { [section]: text(TEAM_LIMITS.section + 1) }, section, 'too_long'),
  ),
  ...REPORT_SECTIONS.map((section) => planRow(`report: ${section} of 20,001 letters`, { [section]: text(TEAM_LIMITS.section + 1) }, section, 'too_long')),
  planRow('report: results as a list', { reportResults: ['Суу жетти'] }, 'reportResults', 'bad_value'),
  planRow('report: lessons as a number', { reportLessons: 7 }, 'reportLessons', 'bad_value'),
  planRow('team not an id', { teamId: 'team-1' }, 'teamId', 'not_uuid'),
  planRow('activities not a list', { activities: 'visit' }, 'activities', 'bad_value'),
  planRow('an activity without a title', { activities: [untitled] }, 'activities', 'bad_value'),
  planRow('an activity with an empty title', { activities: [activity({ title: '' })] }, 'activities', 'required'),
  planRow('an activity with a key of its own', { activities: [activity({ budget: 100 })] }, 'activities', 'bad_value'),
  planRow('an activity id not an id', { activities: [activity({ id: 'a1' })] }, 'activities', 'not_uuid'),
  planRow('an activity dated 2027-13-01', { activities: [activity({ from: '2027-13-01' })] }, 'activities', 'not_date'),
  planRow('an activity hosted by a non-id', { activities: [activity({ hostCommunityId: 'b' })] }, 'activities', 'not_uuid'),
  planRow('51 activities', { activities: Array.from({ length: TEAM_LIMITS.activities + 1 }, () => activity()) }, 'activities', 'too_many'),
  planRow('a budget line without an amount', { budget: [unpriced] }, 'budget', 'bad_value'),
  planRow('a budget line with a key of its own', { budget: [line({ currency: 'USD' })] }, 'budget', 'bad_value'),
  planRow('a budget line of -1 som', { budget: [line({ amountSom: -1 })] }, 'budget', 'out_of_range'),
  planRow('a budget line paid from a bank', { budget: [line({ source: 'bank' })] }, 'budget', 'not_in_list'),
  planRow('a budget line with no item', { budget: [line({ item: '' })] }, 'budget', 'required'),
  planRow('101 budget lines', { budget: Array.from({ length: TEAM_LIMITS.budgetLines + 1 }, () => line()) }, 'budget', 'too_many'),
  planRow('a field of no plan', { colour: 'green' }, 'colour', 'unknown_field'),

  ...REVIEW_CRITERIA.flatMap((criterion) => [
    reviewRow(`${criterion} scored 0`, { [scoreField(criterion)]: 0 }, scoreField(criterion), 'out_of_range'),
    reviewRow(`${criterion} scored 6`, { [scoreField(criterion)]: 6 }, scoreField(criterion), 'out_of_range'),
  ]),
  reviewRow('a score of 2.5', { score_design: 2.5 }, 'score_design', 'not_number'),
  reviewRow('a score as text', { score_design: '5' }, 'score_design', 'bad_value'),
  reviewRow('a criterion of no review', { score_colour: 3 }, 'score_colour', 'unknown_field'),
  reviewRow('a comment of 5001 letters', { comment_problem: text(TEAM_LIMITS.comment + 1) }, 'comment_problem', 'too_long'),
  reviewRow('a comment on no section', { comment_colour: 'Жакшы' }, 'comment_colour', 'unknown_field'),
  reviewRow('decision "rejected"', { decision: 'rejected' }, 'decision', 'not_in_list'),

  submitRow('number 1.5', { number: 1.5 }, 'number', 'not_number'),
  submitRow('number 0', { number: 0 }, 'number', 'out_of_range'),
  submitRow('number 51', { number: TEAM_LIMITS.rounds + 1 }, 'number', 'out_of_range'),
  submitRow('number as text', { number: '2' }, 'number', 'bad_value'),
  submitRow('an activity with a key of its own', { activities: [activity({ cost: 1 })] }, 'activities', 'bad_value'),
  submitRow('a problem of 20,001 letters', { problem: text(TEAM_LIMITS.section + 1) }, 'problem', 'too_long'),

  taskRow('status "blocked"', { status: 'blocked' }, 'status', 'not_in_list'),
  taskRow('empty title', { title: '' }, 'title', 'required'),
  taskRow('title of 301 letters', { title: text(301) }, 'title', 'too_long'),
  taskRow('owner of 301 letters', { owner: text(301) }, 'owner', 'too_long'),
  taskRow('due "tomorrow"', { dueDate: 'tomorrow' }, 'dueDate', 'not_date'),
  taskRow('owning community not an id', { ownerCommunityId: 'b' }, 'ownerCommunityId', 'not_uuid'),
  taskRow('activity not an id', { activityId: 'visit' }, 'activityId', 'not_uuid'),
  taskRow('team not an id', { teamId: 'team' }, 'teamId', 'not_uuid'),
  {
    name: 'event: team not an id',
    as: 'staff-a',
    sent: () => change('workshops', newId(), { communityId: seed.communities.a, title: 'Жыйын', type: 'seminar', startDate: '2027-01-20', teamId: 'x' }),
    field: 'teamId',
    code: 'not_uuid',
  },
  {
    name: 'case study: team not an id',
    as: 'staff-a',
    sent: () => change('caseStudies', newId(), { communityId: seed.communities.a, title: 'Жайыт', status: 'draft', teamId: 'x' }),
    field: 'teamId',
    code: 'not_uuid',
  },
];

describe('learning teams: bad input', () => {
  it.each(ROWS)('$name: refused as $code, naming $field, nothing stored', async (row) => {
    const before = await snapshots.take();
    const body = await api.send(seed.tokens[row.as]!, [row.sent()]);
    expect(body.acked).toEqual([]);
    expect(body.rejected.map((rejection) => [rejection.code, rejection.message])).toEqual([[row.code, `Invalid field: ${row.field}`]]);
    expect(await snapshots.take()).toEqual(before);
  });

  it('takes the same changes when the value is right (the table above fails for its value alone)', async () => {
    const good = [
      newTeam(seed.communities.a, { name: text(TEAM_LIMITS.name), memberCommunityIds: [seed.communities.b], mentorIds: [seed.ids['facilitator-a']] }),
      change('plans', planId(team.docId), {
        problem: text(TEAM_LIMITS.section),
        activities: Array.from({ length: TEAM_LIMITS.activities }, () => activity({ from: '2027-03-01', to: null, hostCommunityId: seed.communities.b })),
        budget: Array.from({ length: TEAM_LIMITS.budgetLines }, () => line({ amountSom: 0 })),
        ...Object.fromEntries(REPORT_SECTIONS.map((section) => [section, text(TEAM_LIMITS.section)])),
      }),
      taskOf(team, { status: 'doing', dueDate: '2027-04-01', ownerCommunityId: seed.communities.b, owner: text(300), activityId: newId() }),
    ];
    await api.push(seed.tokens['staff-a']!, good);
    await api.push(seed.tokens['facilitator-a']!, [
      change('rounds', roundId(team.docId, 1), {
        ...Object.fromEntries(REVIEW_CRITERIA.map((criterion, index) => [scoreField(criterion), index % 2 === 0 ? 1 : 5])),
        comment_problem: text(TEAM_LIMITS.comment),
        decision: 'revise',
      }),
    ]);
    await api.push(seed.tokens['staff-a']!, [roundOf(team, 2, { problem: text(TEAM_LIMITS.section) })]);
    expect((await server.storage.getDoc('rounds', roundId(team.docId, 2)))!.fields.number).toBe(2);
  });
});
