// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import { planId, roundId } from '../../src/core/teams';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';
import { change, newTeam, planOf, removal, roundOf, sender, stamp, taskOf, teamPeople, type SentChange } from './team-fixtures';

// Learning teams on the server: who makes and changes a team, writes its plan and tasks, submits a
// review round and reviews it; a submitted round is frozen; rounds come in turn; a team's events
// and case studies come from its communities. Each refusal with its exact code. Real server, real
// HTTP. The team of most tests: lead community A, member B, mentor facilitator-a; C is outside.

let server: TestServer;
let people: Awaited<ReturnType<typeof teamPeople>>;
let api: ReturnType<typeof sender>;

beforeAll(async () => {
  server = await startServer();
  const seed = await seedAccounts(server);
  people = await teamPeople(server, seed);
  api = sender(server);
}, SERVER_FIXTURE_TIMEOUT);
afterAll(async () => {
  await server.close();
});

const token = (username: string) => people.tokens[username]!;
const refused = (username: string, sent: SentChange) => api.refused(token(username), sent);
const push = (username: string, changes: SentChange[]) => api.push(token(username), changes);

/** A team led by A with B as a member and facilitator-a as its mentor, on the server. */
async function team(): Promise<SentChange> {
  const made = newTeam(people.communities.a, { memberCommunityIds: [people.communities.b], mentorIds: [people.ids['facilitator-a']] });
  await push('staff-a', [made]);
  return made;
}

describe('learning teams: the team', () => {
  it('is made by staff of its lead community or a coordinator, and names as mentors only facilitators and coordinators', async () => {
    const { a, b, c } = people.communities;
    expect(await refused('staff-b', newTeam(a, { memberCommunityIds: [b] }))).toBe('forbidden_team');
    expect(await refused('staff-c', newTeam(a))).toBe('forbidden_team');
    expect(await refused('facilitator-a', newTeam(a))).toBe('forbidden_team');
    expect(await refused('volunteer-a', newTeam(a))).toBe('forbidden_collection');
    expect(await refused('staff-a', newTeam(a, { mentorIds: [people.ids['staff-b']] }))).toBe('not_mentor');
    expect(await refused('staff-a', newTeam(a, { mentorIds: [people.ids['volunteer-b']] }))).toBe('not_mentor');
    expect(await refused('staff-a', newTeam(a, { mentorIds: [newId()] }))).toBe('not_mentor');
    expect(await refused('staff-a', newTeam(a, { memberCommunityIds: [b, newId()] }))).toBe('unknown_community');

    // The mentors' names are the server's to write (the team's staff may not read other people's
    // accounts): a phone's value is ignored, and the names follow the list.
    const made = newTeam(a, {
      memberCommunityIds: [b],
      mentorIds: [people.ids['facilitator-a'], people.ids['coordinator-b']],
      mentorNames: { [people.ids['facilitator-a']!]: 'Жасалма ат' },
    });
    await push('staff-a', [made]);
    expect((await server.storage.getDoc('teams', made.docId))!.fields).toMatchObject({
      communityId: a,
      mentorIds: [people.ids['facilitator-a'], people.ids['coordinator-b']],
      mentorNames: { [people.ids['facilitator-a']!]: 'facilitator-a', [people.ids['coordinator-b']!]: 'coordinator-b' },
    });
    await push('staff-a', [change('teams', made.docId, { mentorIds: [people.ids['coordinator-b']] })]);
    expect((await server.storage.getDoc('teams', made.docId))!.fields.mentorNames).toEqual({ [people.ids['coordinator-b']!]: 'coordinator-b' });
    // A coordinator makes a team for any community, their own or not.
    const forC = newTeam(c);
    await push('coordinator-b', [forC]);
    expect((await server.storage.getDoc('teams', forC.docId))!.communityId).toBe(c);
  });

  it('is changed by its lead staff, its mentors and coordinators; not by member or other staff, nor other facilitators', async () => {
    const made = await team();
    for (const outsider of ['staff-b', 'staff-c', 'facilitator-b']) {
      expect(await refused(outsider, change('teams', made.docId, { name: `${outsider} өзгөрттү` })), outsider).toBe('forbidden_team');
      expect(await refused(outsider, removal('teams', made.docId)), outsider).toBe('forbidden_team');
    }
    await push('facilitator-a', [change('teams', made.docId, { name: 'Ментор өзгөрттү' })]);
    expect(await refused('facilitator-a', change('teams', made.docId, { mentorIds: [people.ids['staff-c']] }))).toBe('not_mentor');
    await push('coordinator-b', [change('teams', made.docId, { memberCommunityIds: [people.communities.b, people.communities.c] })]);
    await push('staff-a', [change('teams', made.docId, { name: 'Суу жана жайыт' })]);
    expect((await server.storage.getDoc('teams', made.docId))!.fields).toMatchObject({
      name: 'Суу жана жайыт',
      memberCommunityIds: [people.communities.b, people.communities.c],
    });
  });
});

describe('learning teams: the plan and tasks', () => {
  it("is one plan under an id made from the team's, in its lead community, written by the team's staff and coordinators (not mentors), never deleted", async () => {
    const made = await team();
    const plan = planOf(made);
    await push('staff-a', [plan]);
    await push('staff-b', [change('plans', planId(made.docId), { problem: 'Б айылдан: суу жетпейт' })]);
    await push('coordinator-b', [change('plans', planId(made.docId), { learnWhat: 'Суу колдонуучулар ассоциациясы' })]);
    for (const outsider of ['facilitator-a', 'facilitator-b', 'staff-c']) {
      expect(await refused(outsider, change('plans', planId(made.docId), { problem: outsider })), outsider).toBe('forbidden_team');
    }
    expect(await refused('staff-a', removal('plans', planId(made.docId)))).toBe('forbidden_record');
    // Another id than planId of the team's (the team's own id too): a second plan.
    expect(await refused('staff-a', change('plans', newId(), { ...plan.set }))).toBe('forbidden_record');
    expect(await refused('staff-a', change('plans', made.docId, { ...plan.set }))).toBe('forbidden_record');
    const other = await team();
    expect(await refused('staff-b', planOf(other, { communityId: people.communities.b }))).toBe('team_mismatch');
    expect(await refused('staff-a', change('plans', planId(made.docId), { teamId: other.docId }))).toBe('forbidden_move');
    const unknown = newId();
    expect(await refused('staff-a', change('plans', planId(unknown), { communityId: people.communities.a, teamId: unknown }))).toBe('unknown_team');
    expect((await server.storage.getDoc('plans', planId(made.docId)))!.fields).toMatchObject({
      title: 'Сугат суусу',
      problem: 'Б айылдан: суу жетпейт',
      learnWhat: 'Суу колдонуучулар ассоциациясы',
      teamId: made.docId,
    });
  });

  it("its final report is written in the plan's record by the team's staff and coordinators, not by its mentors or outsiders, and no round takes it", async () => {
    const made = await team();
    await push('staff-a', [planOf(made), roundOf(made, 1)]);
    await push('staff-b', [change('plans', planId(made.docId), { reportResults: 'Б айылда суу 40 үйгө жетти' })]);
    await push('staff-a', [change('plans', planId(made.docId), { reportLessons: 'Суу колдонуучуларды эртерээк чакырыңыз' })]);
    await push('coordinator-b', [change('plans', planId(made.docId), { reportWorked: 'Ашар' })]);
    for (const outsider of ['facilitator-a', 'facilitator-b', 'staff-c']) {
      expect(await refused(outsider, change('plans', planId(made.docId), { reportDidNotWork: outsider })), outsider).toBe('forbidden_team');
    }
    // A round is the plan as submitted for review: the report is not a field of it.
    expect(await refused('staff-a', change('rounds', roundId(made.docId, 1), { reportResults: 'Суу жетти' }))).toBe('unknown_field');
    const fields = (await server.storage.getDoc('plans', planId(made.docId)))!.fields;
    expect(fields).toMatchObject({
      title: 'Сугат суусу',
      reportResults: 'Б айылда суу 40 үйгө жетти',
      reportLessons: 'Суу колдонуучуларды эртерээк чакырыңыз',
      reportWorked: 'Ашар',
    });
    expect(fields).not.toHaveProperty('reportDidNotWork');
    expect((await server.storage.getDoc('rounds', roundId(made.docId, 1)))!.fields).not.toHaveProperty('reportResults');
  });

  it("tasks are written by the team's staff, its mentors and coordinators, each owned by one of the team's communities", async () => {
    const made = await team();
    const byMember = taskOf(made, { ownerCommunityId: people.communities.b, owner: 'Айгүл' });
    await push('staff-b', [byMember]);
    await push('facilitator-a', [taskOf(made), change('tasks', byMember.docId, { status: 'doing' })]);
    await push('coordinator-b', [taskOf(made, { ownerCommunityId: people.communities.a })]);
    await push('staff-a', [change('tasks', byMember.docId, { status: 'done' })]);
    for (const outsider of ['staff-c', 'facilitator-b']) {
      expect(await refused(outsider, taskOf(made)), outsider).toBe('forbidden_team');
      expect(await refused(outsider, change('tasks', byMember.docId, { status: 'todo' })), outsider).toBe('forbidden_team');
    }
    expect(await refused('volunteer-b', taskOf(made))).toBe('forbidden_collection');
    expect(await refused('staff-a', taskOf(made, { ownerCommunityId: people.communities.c }))).toBe('not_in_team');
    expect(await refused('staff-b', change('tasks', byMember.docId, { ownerCommunityId: people.communities.c }))).toBe('not_in_team');
    expect(await refused('staff-b', taskOf(made, { communityId: people.communities.b }))).toBe('team_mismatch');
    expect(await refused('staff-a', taskOf(made, { teamId: newId() }))).toBe('unknown_team');
    const other = await team();
    expect(await refused('staff-a', change('tasks', byMember.docId, { teamId: other.docId }))).toBe('forbidden_move');
    expect((await server.storage.getDoc('tasks', byMember.docId))!.fields).toMatchObject({
      status: 'done',
      ownerCommunityId: people.communities.b,
      teamId: made.docId,
    });
  });
});

describe('learning teams: review rounds', () => {
  it('a round is submitted by staff of the lead community or a coordinator, under the id of its number, with no review in it', async () => {
    const made = await team();
    for (const other of ['staff-b', 'staff-c']) expect(await refused(other, roundOf(made, 1)), other).toBe('forbidden_submit');
    // A mentor's write on a round the server does not have waits for it (after a restore, the lead's phone sends it again).
    expect(await refused('facilitator-a', roundOf(made, 1))).toBe('unknown_round');
    expect(await refused('volunteer-a', roundOf(made, 1))).toBe('forbidden_collection');
    expect(await refused('staff-a', roundOf(made, 1, { score_title: 5 }))).toBe('forbidden_review');
    expect(await refused('staff-a', roundOf(made, 1, { comment_problem: 'Жакшы' }))).toBe('forbidden_review');
    expect(await refused('staff-a', roundOf(made, 1, { decision: 'approved' }))).toBe('forbidden_review');
    expect(await refused('staff-a', { ...roundOf(made, 1), docId: newId() })).toBe('forbidden_record');
    expect(await refused('staff-a', { ...roundOf(made, 1), docId: roundId(made.docId, 2) })).toBe('forbidden_record');
    const elsewhere = newId();
    expect(await refused('staff-a', { ...roundOf(made, 1, { teamId: elsewhere }), docId: roundId(elsewhere, 1) })).toBe('unknown_team');
    expect(await server.storage.getDoc('rounds', roundId(made.docId, 1))).toBeNull();

    await push('staff-a', [roundOf(made, 1)]);
    const byCoordinator = await team();
    await push('coordinator-b', [roundOf(byCoordinator, 1)]);
    expect((await server.storage.getDoc('rounds', roundId(byCoordinator.docId, 1)))!.fields.number).toBe(1);
  });

  it("only the team's mentors and coordinators score, comment and decide; nobody outside the team writes on a round", async () => {
    const made = await team();
    const first = roundId(made.docId, 1);
    await push('staff-a', [roundOf(made, 1)]);
    for (const other of ['staff-a', 'staff-b']) {
      expect(await refused(other, change('rounds', first, { score_title: 4 })), other).toBe('forbidden_review');
      expect(await refused(other, change('rounds', first, { decision: 'approved' })), other).toBe('forbidden_review');
    }
    // Nor anything else from outside the team: a review, the round's dates (or its creator, by createdAt).
    for (const outsider of ['staff-c', 'facilitator-b']) {
      expect(await refused(outsider, change('rounds', first, { score_title: 4 })), outsider).toBe('forbidden_team');
      expect(await refused(outsider, change('rounds', first, { updatedAt: new Date().toISOString() })), outsider).toBe('forbidden_team');
      expect(await refused(outsider, change('rounds', first, { createdAt: new Date().toISOString() })), outsider).toBe('forbidden_team');
    }
    await push('facilitator-a', [
      change('rounds', first, { score_title: 4, score_impact: 3, comment_problem: 'Кимдин суусу?', updatedAt: new Date().toISOString() }),
    ]);
    await push('coordinator-b', [change('rounds', first, { score_dissemination: 2, decision: 'revise' })]);
    expect((await server.storage.getDoc('rounds', first))!.fields).toMatchObject({
      score_title: 4,
      score_impact: 3,
      score_dissemination: 2,
      comment_problem: 'Кимдин суусу?',
      decision: 'revise',
      createdBy: people.ids['staff-a'],
    });
    // A mentor taken off the team reviews no more.
    await push('staff-a', [change('teams', made.docId, { mentorIds: [] })]);
    expect(await refused('facilitator-a', change('rounds', first, { score_title: 5 }))).toBe('forbidden_team');
  });

  it('a submitted round is frozen: no section, number, team or community changes, while the review is written; the same submission again is accepted', async () => {
    const made = await team();
    const first = roundId(made.docId, 1);
    const activity = { id: newId(), title: 'Тажрыйба алмашуу', from: '2027-03-01', to: null, hostCommunityId: people.communities.b };
    const submitted = roundOf(made, 1, { activities: [activity] });
    await push('staff-a', [submitted]);
    const stored = async () => (await server.storage.getDoc('rounds', first))!.fields;
    const before = await stored();

    expect(await refused('staff-a', change('rounds', first, { problem: 'Башка көйгөй' }))).toBe('round_frozen');
    expect(await refused('facilitator-a', change('rounds', first, { problem: 'Ментор өзгөрттү', comment_problem: 'Оңдодум' }))).toBe('round_frozen');
    expect(await refused('coordinator-b', change('rounds', first, { title: 'Координатор' }))).toBe('round_frozen');
    // A section left empty at submission stays empty.
    expect(await refused('staff-a', change('rounds', first, { inclusion: 'Аялдар жана жаштар' }))).toBe('round_frozen');
    expect(await refused('staff-a', change('rounds', first, { activities: [{ ...activity, title: 'Башка' }] }))).toBe('round_frozen');
    expect(await refused('staff-a', change('rounds', first, { number: 2 }))).toBe('round_frozen');
    const other = await team();
    expect(await refused('staff-a', change('rounds', first, { teamId: other.docId }))).toBe('forbidden_move');
    expect(await refused('staff-a', change('rounds', first, { communityId: people.communities.b }))).toBe('team_mismatch');
    expect(await stored()).toEqual(before);

    // The same submission from a second phone of the lead community: one record, unchanged.
    await push('staff-a', [{ ...submitted, id: newId(), hlc: stamp() }]);
    await push('facilitator-a', [change('rounds', first, { score_design: 5, comment_activities: 'Жакшы план', decision: 'approved' })]);
    expect(await stored()).toEqual({ ...before, score_design: 5, comment_activities: 'Жакшы план', decision: 'approved' });
  });

  it('rounds come in turn: 1 first, the next only once the one before was sent back for revision, none after approval', async () => {
    const made = await team();
    expect(await refused('staff-a', roundOf(made, 2))).toBe('round_out_of_turn');
    await push('staff-a', [roundOf(made, 1)]);
    expect(await refused('staff-a', roundOf(made, 2))).toBe('round_out_of_turn');
    // Scored but not decided: still in review.
    await push('facilitator-a', [change('rounds', roundId(made.docId, 1), { score_title: 3 })]);
    expect(await refused('staff-a', roundOf(made, 2))).toBe('round_out_of_turn');
    await push('facilitator-a', [change('rounds', roundId(made.docId, 1), { decision: 'revise' })]);
    expect(await refused('staff-a', roundOf(made, 3))).toBe('round_out_of_turn');
    await push('staff-a', [roundOf(made, 2, { problem: 'Оңдолгон көйгөй' })]);
    expect(await refused('staff-a', roundOf(made, 3))).toBe('round_out_of_turn');
    await push('facilitator-a', [change('rounds', roundId(made.docId, 2), { decision: 'approved' })]);
    expect(await refused('staff-a', roundOf(made, 3))).toBe('round_out_of_turn');
    expect(await refused('coordinator-b', roundOf(made, 3))).toBe('round_out_of_turn');
    expect((await server.storage.partsOf(made.docId)).filter((doc) => doc.collection === 'rounds')).toHaveLength(2);
  });
});

describe("learning teams: a team's events and case studies", () => {
  it("come from one of the team's communities, of a team that exists", async () => {
    const made = await team();
    const { a, b, c } = people.communities;
    const workshop = (communityId: string, teamId: string | null) =>
      change('workshops', newId(), { communityId, title: 'Видеоконференция', type: 'video_conference', startDate: '2027-02-10', teamId });
    const study = (communityId: string, teamId: string) => change('caseStudies', newId(), { communityId, title: 'Сугат суусу', status: 'draft', teamId });
    expect(await refused('staff-c', workshop(c, made.docId))).toBe('not_in_team');
    expect(await refused('staff-c', study(c, made.docId))).toBe('not_in_team');
    expect(await refused('staff-b', workshop(b, newId()))).toBe('unknown_team');
    expect(await refused('staff-b', study(b, newId()))).toBe('unknown_team');
    await push('staff-b', [workshop(b, made.docId), study(b, made.docId)]);
    const later = workshop(c, null);
    await push('staff-c', [later]);
    expect(await refused('staff-c', change('workshops', later.docId, { teamId: made.docId }))).toBe('not_in_team');
    const lead = workshop(a, null);
    await push('staff-a', [lead, change('workshops', lead.docId, { teamId: made.docId })]);
    expect((await server.storage.getDoc('workshops', lead.docId))!.fields.teamId).toBe(made.docId);
    // A deleted team takes no more events.
    await push('staff-a', [removal('teams', made.docId)]);
    expect(await refused('staff-a', workshop(a, made.docId))).toBe('unknown_team');
  });
});
