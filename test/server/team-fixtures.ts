import { expect } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import type { DocState, Rejection, SyncResponse } from '../../src/core/protocol';
import { planId, roundId } from '../../src/core/teams';
import type { seedAccounts, TestServer } from './harness';

// What the learning-team tests share (teams.test.ts, teams-input.test.ts, teams-audience.test.ts):
// changes as a phone sends them, a phone that follows its pulls, and the people of a team.

export type Seed = Awaited<ReturnType<typeof seedAccounts>>;

let counter = 0;
export const stamp = () => encodeHlc({ wallMs: Date.now(), counter: (counter += 1) % 1000, node: 'teams-test' });

import type { SentChange } from './authz-fixtures';
export type { SentChange };

export const change = (collection: string, docId: string, set: Record<string, unknown>): SentChange => ({ id: newId(), collection, docId, hlc: stamp(), set });
export const removal = (collection: string, docId: string): SentChange => ({ id: newId(), collection, docId, hlc: stamp(), deleted: true });

/** The changes that make a team, its plan, a round, a task: each a new record unless `docId` says. */
export const newTeam = (lead: string, set: Record<string, unknown> = {}) => change('teams', newId(), { communityId: lead, name: 'Суу боюнча команда', ...set });
export const planOf = (team: SentChange, set: Record<string, unknown> = {}) =>
  change('plans', planId(team.docId), { communityId: team.set!.communityId, teamId: team.docId, title: 'Сугат суусу', ...set });
export const roundOf = (team: SentChange, number: number, set: Record<string, unknown> = {}) =>
  change('rounds', roundId(team.docId, number), {
    communityId: team.set!.communityId,
    teamId: team.docId,
    number,
    title: `Сугат суусу, ${number}`,
    problem: 'Суу жетпейт.',
    ...set,
  });
export const taskOf = (team: SentChange, set: Record<string, unknown> = {}) =>
  change('tasks', newId(), { communityId: team.set!.communityId, teamId: team.docId, title: 'Жолугушуу уюштуруу', status: 'todo', ...set });

export function sender(server: TestServer) {
  async function send(token: string, changes: unknown[]): Promise<SyncResponse> {
    const response = await server.request('POST', '/sync', { token, body: { clientId: 'teams-writer', cursor: null, changes } });
    expect(response.status).toBe(200);
    return response.body as SyncResponse;
  }
  /** Sends changes that must all be accepted. */
  async function push(token: string, changes: unknown[]): Promise<void> {
    expect((await send(token, changes)).rejected).toEqual([]);
  }
  /** Sends one change that must be refused; its code. */
  async function refused(token: string, sent: SentChange): Promise<string> {
    const body = await send(token, [sent]);
    expect(body.acked).toEqual([]);
    return body.rejected[0]!.code;
  }
  return { send, push, refused };
}

/** A phone: what it holds after each pull, by collection and id, as the app keeps records. */
export class Phone {
  cursor: string | null = null;
  held = new Map<string, DocState>();
  /** The withdrawals of the last sync. */
  withdrawn: string[] = [];
  constructor(
    private readonly server: TestServer,
    public token: string,
  ) {}

  async sync(changes: unknown[] = []): Promise<Rejection[]> {
    let rejected: Rejection[] = [];
    this.withdrawn = [];
    for (let round = 0; round < 100; round += 1) {
      const response = await this.server.request('POST', '/sync', {
        token: this.token,
        body: { clientId: 'teams-phone', cursor: this.cursor, changes: round === 0 ? changes : [] },
      });
      expect(response.status).toBe(200);
      const body = response.body as SyncResponse;
      if (round === 0) rejected = body.rejected;
      for (const doc of body.docs) {
        const key = `${doc.collection}/${doc.docId}`;
        if (doc.withdrawn) {
          this.held.delete(key);
          this.withdrawn.push(key);
        } else this.held.set(key, doc);
      }
      this.cursor = body.cursor;
      if (!body.more) return rejected;
    }
    throw new Error('pull did not finish');
  }

  has(sent: Pick<SentChange, 'collection' | 'docId'>): boolean {
    return this.held.has(`${sent.collection}/${sent.docId}`);
  }

  /** Which of these records the phone holds, in order. */
  holds(records: readonly Pick<SentChange, 'collection' | 'docId'>[]): boolean[] {
    return records.map((record) => this.has(record));
  }
}

export const keyOf = (sent: Pick<SentChange, 'collection' | 'docId'>) => `${sent.collection}/${sent.docId}`;

/**
 * Two more communities (C outside the team, D to be added), with a staff member each, and a
 * facilitator of C (a mentor who belongs to none of the team's communities).
 */
export async function teamPeople(server: TestServer, seed: Seed) {
  const community = async (name: string) => {
    const made = await server.request('POST', '/communities', { token: seed.admin, body: { name: { ky: name } } });
    expect(made.status).toBe(201);
    return made.body.id as string;
  };
  const c = await community('Кызыл-Суу');
  const d = await community('Ак-Терек');
  const tokens: Record<string, string> = { ...seed.tokens };
  const ids: Record<string, string> = { ...seed.ids };
  for (const [username, role, communityIds] of [
    ['staff-c', 'staff', [c]],
    ['staff-d', 'staff', [d]],
    ['facilitator-c', 'facilitator', [c]],
  ] as const) {
    const created = await server.request('POST', '/users', {
      token: seed.admin,
      body: { username, password: 'password-123', displayName: username, role, communityIds },
    });
    expect(created.status).toBe(201);
    ids[username] = created.body.id;
    tokens[username] = await server.login(username, 'password-123');
  }
  return { communities: { ...seed.communities, c, d }, tokens, ids };
}
