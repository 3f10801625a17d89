// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { planId, roundId } from '../../src/core/teams';
import { AsharDb } from '../../src/db/database';
import { createTeam, saveReview, savePlan, saveTask, submitRound } from '../../src/db/teams';
import { signIn } from '../../src/sync/account';
import { syncNow } from '../../src/sync/engine';
import { backupDatabase, restoreDatabase } from '../../server/database-copy';
import { heldOnPhone, readableOnServer } from './held-and-readable';
import { seedAccounts, startServer, type TestServer } from './harness';
import { teamPeople } from './team-fixtures';

// A server restored from an older copy while a learning team worked on: the lead's staff, a member
// community's staff and a mentor from elsewhere each hold work nobody else does. Each phone sends
// again what its person may write, and what builds on a record another phone must send back first
// (the team, the round) waits for it. In the worst order of syncs nothing acknowledged is lost.
// The real engine (fake-indexeddb) against the real server over HTTP.

let dataDir: string;
let server: TestServer;
let n = 0;
const fetcher = ((path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init)) as typeof fetch;
const dbFile = () => join(dataDir, 'ashar.sqlite');

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ashar-team-restore-'));
  server = await startServer({ dataDir });
});
afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function phoneOf(username: string): Promise<AsharDb> {
  n += 1;
  const phone = new AsharDb(`team-restore-${n}`);
  await phone.open();
  await signIn(phone, username, 'password-123', `phone ${n}`, fetcher);
  return phone;
}

async function sync(...phones: AsharDb[]) {
  for (const phone of phones) expect(await syncNow(phone, { fetcher })).toBe('done');
}

it("a team's plan edits, tasks, a new team, and rounds submitted and reviewed after the copy all come back from the phones that hold them", async () => {
  const seed = await seedAccounts(server);
  const people = await teamPeople(server, seed);
  const { a: lead, b: member } = people.communities;
  const leadPhone = await phoneOf('staff-a');
  const memberPhone = await phoneOf('staff-b');
  const mentorPhone = await phoneOf('facilitator-c');
  const outsidePhone = await phoneOf('staff-c');
  const mentorIds = [people.ids['facilitator-c']!];
  const first = await createTeam(leadPhone, lead, { name: 'Ачык бюджет', memberCommunityIds: [member], mentorIds });
  await savePlan(leadPhone, { id: first, communityId: lead }, { problem: 'Тургундар бюджетти түшүнбөйт.' });
  await sync(leadPhone, memberPhone, mentorPhone, outsidePhone);
  expect((await server.storage.getDoc('teams', first))!.fields.mentorNames).toEqual({ [mentorIds[0]!]: 'facilitator-c' });

  const copy = join(dataDir, 'before.sqlite');
  await backupDatabase(dbFile(), copy);

  // After the copy, all acknowledged: a second team with its plan, a task, and round 1 submitted,
  const second = await createTeam(leadPhone, lead, { name: 'Таза суу', memberCommunityIds: [member], mentorIds });
  await savePlan(leadPhone, { id: second, communityId: lead }, { problem: 'Суу жетпейт.' });
  const task = await saveTask(leadPhone, { id: first, communityId: lead }, { title: 'Жыйын өткөрүү', status: 'todo', ownerCommunityId: member });
  await submitRound(leadPhone, { id: first, communityId: lead }, 1);
  await sync(leadPhone, mentorPhone);
  // sent back by the mentor with scores and a comment,
  await saveReview(mentorPhone, roundId(first, 1), { score_title: 3, comment_problem: 'Кимдер түшүнбөйт?', decision: 'revise' });
  await sync(mentorPhone, leadPhone);
  // round 2 submitted and approved,
  await savePlan(leadPhone, { id: first, communityId: lead }, { problem: 'Жаштар жана аялдар бюджетти түшүнбөйт.' });
  await submitRound(leadPhone, { id: first, communityId: lead }, 2);
  await sync(leadPhone, mentorPhone);
  await saveReview(mentorPhone, roundId(first, 2), { score_title: 5, decision: 'approved' });
  await sync(mentorPhone);
  // and the member community's sections of both plans and a task of the second team, which only
  // the member's phone holds.
  await sync(memberPhone);
  await savePlan(memberPhone, { id: first, communityId: lead }, { learnWhat: 'Кара-Бактын ачык бюджет жыйындары' });
  await savePlan(memberPhone, { id: second, communityId: lead }, { generalObjective: 'Ар бир үйгө таза суу.' });
  const memberTask = await saveTask(memberPhone, { id: second, communityId: lead }, { title: 'Кудуктарды санап чыгуу', status: 'doing' });
  await sync(memberPhone);
  for (const phone of [leadPhone, memberPhone, mentorPhone]) expect(await phone.outbox.count()).toBe(0);

  const ids = [
    ['teams', second],
    ['plans', planId(first)],
    ['plans', planId(second)],
    ['tasks', task],
    ['tasks', memberTask],
    ['rounds', roundId(first, 1)],
    ['rounds', roundId(first, 2)],
  ] as const;
  const before = new Map<string, unknown>();
  for (const [collection, id] of ids) before.set(`${collection}/${id}`, (await server.storage.getDoc(collection, id))!.fields);

  await server.close();
  await restoreDatabase(copy, dbFile());
  server = await startServer({ dataDir });
  expect(await server.storage.getDoc('teams', second)).toBeNull();
  expect(await server.storage.getDoc('rounds', roundId(first, 1))).toBeNull();

  // The worst order: the mentor first (its reviews build on rounds not back yet), then the member
  // (its sections of the second plan on a team not back yet), then the lead, and round after round.
  await sync(mentorPhone, memberPhone);
  expect(await mentorPhone.outbox.filter((entry) => entry.waiting === 'unknown_round').count()).toBeGreaterThan(0);
  expect(await memberPhone.outbox.filter((entry) => entry.waiting === 'unknown_team').count()).toBeGreaterThan(0);
  for (let pass = 0; pass < 3; pass += 1) await sync(leadPhone, mentorPhone, memberPhone, outsidePhone);

  for (const [collection, id] of ids)
    expect((await server.storage.getDoc(collection, id))?.fields, `${collection}/${id}`).toEqual(before.get(`${collection}/${id}`));
  expect((await server.storage.getDoc('rounds', roundId(first, 2)))!.fields).toMatchObject({ decision: 'approved', createdBy: people.ids['staff-a'] });
  for (const [phone, username] of [
    [leadPhone, 'staff-a'],
    [memberPhone, 'staff-b'],
    [mentorPhone, 'facilitator-c'],
    [outsidePhone, 'staff-c'],
  ] as const) {
    expect(await phone.outbox.count(), username).toBe(0);
    expect(await heldOnPhone(phone), username).toEqual(await readableOnServer(server.storage, username));
  }
  expect(await outsidePhone.teams.count()).toBe(0);
}, 120_000);
