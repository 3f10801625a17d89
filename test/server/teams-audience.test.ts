// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids';
import { planId } from '../../src/core/teams';
import { seedAccounts, SERVER_FIXTURE_TIMEOUT, startServer, type TestServer } from './harness';
import { change, keyOf, newTeam, Phone, planOf, roundOf, sender, taskOf, teamPeople, type SentChange } from './team-fixtures';

// Who reads a learning team: the staff of its communities and its mentors, everything of it (the
// team, its plan, rounds, tasks, its events and their participants); nobody else but coordinators.
// A phone's pull follows the team's changes: a community added brings the team's older records
// with the cursor it has, removed takes them away, and an event given to a team reaches the team.
// Real server, real HTTP.

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

const phoneOf = (username: string) => new Phone(server, people.tokens[username]!);
const push = (username: string, changes: SentChange[]) => api.push(people.tokens[username]!, changes);
const none = (count: number) => Array.from({ length: count }, () => false);
const all = (count: number) => Array.from({ length: count }, () => true);

const workshop = (communityId: string, teamId: string | null = null) =>
  change('workshops', newId(), { communityId, title: 'Тажрыйба алмашуу', type: 'exchange_visit', startDate: '2027-02-10', teamId });
const participant = (event: SentChange) =>
  change('participants', newId(), { communityId: event.set!.communityId, workshopId: event.docId, name: 'Айгүл', gender: 'female' });
const action = (event: SentChange) =>
  change('actions', newId(), { communityId: event.set!.communityId, workshopId: event.docId, action: 'Графикти макулдашуу', status: 'open' });

/**
 * A team led by A with B as a member and facilitator-c (of C, outside the team) as mentor, with a plan, a submitted round, a
 * task, and an event of A for the team with a participant: the records its members read.
 */
async function teamWithRecords(): Promise<{ team: SentChange; records: SentChange[] }> {
  const { a, b } = people.communities;
  const team = newTeam(a, { memberCommunityIds: [b], mentorIds: [people.ids['facilitator-c']] });
  const event = workshop(a, team.docId);
  const records = [team, planOf(team), roundOf(team, 1), taskOf(team, { ownerCommunityId: b }), event, participant(event)];
  await push('staff-a', records);
  return { team, records };
}

describe("learning teams: who reads a team's records", () => {
  it('the staff of its communities and its mentors hold them all; staff elsewhere, volunteers and other facilitators of its communities none', async () => {
    const { records } = await teamWithRecords();
    for (const reader of ['staff-a', 'staff-b', 'facilitator-c', 'coordinator-b']) {
      const phone = phoneOf(reader);
      await phone.sync();
      expect(phone.holds(records), reader).toEqual(all(records.length));
    }
    // volunteer-b and facilitator-b are of the member community B (the team's event is A's); staff-c
    // is of the mentor's community.
    for (const reader of ['staff-c', 'volunteer-b', 'facilitator-b']) {
      const phone = phoneOf(reader);
      await phone.sync();
      expect(phone.holds(records), reader).toEqual(none(records.length));
    }
  });

  it("a community added to the team brings the team's older records to its staff at their next pull; removed, they are withdrawn", async () => {
    const { team, records } = await teamWithRecords();
    const newcomer = phoneOf('staff-d');
    await newcomer.sync();
    expect(newcomer.holds(records)).toEqual(none(records.length));

    await push('staff-a', [change('teams', team.docId, { memberCommunityIds: [people.communities.b, people.communities.d] })]);
    await newcomer.sync();
    expect(newcomer.holds(records)).toEqual(all(records.length));
    // Now a member: it writes the plan.
    expect(await newcomer.sync([change('plans', planId(team.docId), { inclusion: 'Д айылдын жаштары' })])).toEqual([]);

    await push('staff-a', [change('teams', team.docId, { memberCommunityIds: [people.communities.b] })]);
    await newcomer.sync();
    expect(newcomer.holds(records)).toEqual(none(records.length));
    expect(newcomer.withdrawn.sort()).toEqual(records.map(keyOf).sort());
    // Members of the team all along keep everything.
    const member = phoneOf('staff-b');
    await member.sync();
    expect(member.holds(records)).toEqual(all(records.length));
  });

  it('a mentor taken off the team has its records withdrawn, and reads them again once named again', async () => {
    const { team, records } = await teamWithRecords();
    const mentor = phoneOf('facilitator-c');
    await mentor.sync();
    expect(mentor.holds(records)).toEqual(all(records.length));
    await push('staff-a', [change('teams', team.docId, { mentorIds: [] })]);
    await mentor.sync();
    expect(mentor.holds(records)).toEqual(none(records.length));
    expect(mentor.withdrawn.sort()).toEqual(records.map(keyOf).sort());
    await push('staff-a', [change('teams', team.docId, { mentorIds: [people.ids['facilitator-c']] })]);
    await mentor.sync();
    expect(mentor.holds(records)).toEqual(all(records.length));
  });

  it('a mentor taken off and named again gets back a task their phone changed meanwhile, once the change is accepted', async () => {
    // The phone's change was made while a sync was on its way: that sync withdrew the task (the
    // mentor was off the team), the next one carries the change, after the mentor was named again.
    const { team, records } = await teamWithRecords();
    const task = records.find((record) => record.collection === 'tasks')!;
    const mentor = phoneOf('facilitator-c');
    await mentor.sync();
    await push('staff-a', [change('teams', team.docId, { mentorIds: [] })]);
    await mentor.sync();
    expect(mentor.has(task)).toBe(false);
    await push('staff-a', [change('teams', team.docId, { mentorIds: [people.ids['facilitator-c']] })]);
    expect(await mentor.sync([change('tasks', task.docId, { status: 'done' })])).toEqual([]);
    expect(mentor.held.get(keyOf(task))?.fields.status).toBe('done');
    expect(mentor.holds(records)).toEqual(all(records.length));
  });

  it("an event given to a team reaches the team's other communities with its participants and actions; taken back, it leaves them", async () => {
    const { team } = await teamWithRecords();
    const event = workshop(people.communities.b);
    const parts = [event, participant(event), action(event)];
    await push('staff-b', parts);
    const lead = phoneOf('staff-a');
    const mentor = phoneOf('facilitator-c');
    const outsider = phoneOf('staff-c');
    for (const phone of [lead, mentor, outsider]) {
      await phone.sync();
      expect(phone.holds(parts)).toEqual(none(parts.length));
    }

    await push('staff-b', [change('workshops', event.docId, { teamId: team.docId })]);
    for (const phone of [lead, mentor, outsider]) await phone.sync();
    expect(lead.holds(parts)).toEqual(all(parts.length));
    expect(mentor.holds(parts)).toEqual(all(parts.length));
    expect(outsider.holds(parts)).toEqual(none(parts.length));
    // A participant added later comes too.
    const later = participant(event);
    await push('staff-b', [later]);
    await lead.sync();
    expect(lead.has(later)).toBe(true);

    await push('staff-b', [change('workshops', event.docId, { teamId: null })]);
    await lead.sync();
    await mentor.sync();
    expect(lead.holds([...parts, later])).toEqual(none(parts.length + 1));
    expect(lead.withdrawn.sort()).toEqual([...parts, later].map(keyOf).sort());
    expect(mentor.holds([...parts, later])).toEqual(none(parts.length + 1));
  });
});
