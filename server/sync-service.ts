import { checkChange, type Rejection, type SyncResponse } from '../src/core/protocol';
import { applyOne, type Touched } from './apply-change';
import { keysMeet, readerKeysIn } from './audience';
import { cursorSecret, decodeCursor, encodeCursor, fromPresentHistory, type CursorState } from './cursor';
import { pull } from './pull';
import { ServerClock } from './server-clock';
import type { Storage, StorageOps, UserRecord } from './storage/types';

const MESSAGES: Record<string, string> = {
  forbidden_collection: 'Your role may not change records of this kind.',
  forbidden_community: 'You are not a member of this community.',
  forbidden_record: 'You may change only records you created.',
  forbidden_move: 'A record stays in the community it was made in.',
  forbidden_publish: 'Only ayil okmotu staff or coordinators may publish.',
  forbidden_share: 'Only ayil okmotu staff or coordinators may share a record with other communities.',
  unknown_community: 'There is no such community.',
  missing_field: 'A new record needs this field.',
  unknown_record: 'This record never reached the server, so it cannot be deleted there.',
  workshop_mismatch: 'A participant or follow-up action belongs to an event of its own community.',
  implausible_date: 'This date is before 2000 or years ahead: the phone’s date is wrong.',
  unknown_question: 'This question is not on the server (it was never sent, or was deleted).',
  unknown_answer: 'This is not an answer to this question.',
  unknown_user: 'There is no such user.',
  forbidden_team: 'Only the team’s members may change this.',
  unknown_team: 'This team is not on the server.',
  team_mismatch: 'A team’s records are kept in its lead community.',
  not_mentor: 'A mentor must be a facilitator or a coordinator.',
  not_in_team: 'That community is not in the team.',
  forbidden_submit: 'Only staff of the lead community or a coordinator submit the plan.',
  forbidden_review: 'Only the team’s mentors and coordinators score, comment and decide.',
  unknown_round: 'This round is not on the server (yet).',
  round_out_of_turn: 'A round is submitted only after the one before was sent back.',
  round_frozen: 'A submitted round does not change.',
};

export interface SyncContext {
  storage: Storage;
  user: UserRecord;
  clientId: string;
  now: () => number;
}

/**
 * Applies a batch of changes and returns what the caller should know, all in one transaction: a
 * crash mid-batch leaves none of it applied, and a retried batch applies nothing twice.
 */
export async function runSync(context: SyncContext, rawChanges: unknown[], cursor: string | null): Promise<SyncResponse> {
  const { user } = context;
  return context.storage.transaction(async (storage): Promise<SyncResponse> => {
    // A batch of changes reads documents, merges and writes them, and checks change ids: under the
    // write lock, taken before it reads anything, so no other instance changes them meanwhile.
    if (rawChanges.length > 0) await storage.lockWrites();
    const acked: string[] = [];
    const rejected: Rejection[] = [];
    const clock = await ServerClock.load(storage, context.now);
    const secret = await cursorSecret(storage);
    if ((await storage.epochs()).length === 0) await storage.startEpoch(new Date(context.now()).toISOString(), 'first sync');
    const keys = await readerKeysIn(storage, user);
    const state = await cursorState(storage, cursor, secret, user, keys);
    const afterSeq = state?.seq ?? 0;
    const touched = new Map<string, Touched>();
    const resend = new Set<string>();
    for (const raw of rawChanges) {
      const checked = checkChange(raw);
      const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id.slice(0, 64) : '';
      if (!checked.ok) {
        rejected.push({ id, code: checked.code, message: checked.field ? `Invalid field: ${checked.field}` : 'Invalid change.' });
        continue;
      }
      const change = checked.change;
      const key = `${change.collection}/${change.docId}`;
      const applied = await storage.appliedHlc(change.id);
      if (applied !== null) {
        acked.push(change.id);
        // Applied before, but the answer was lost. When the server had re-stamped it, the phone
        // still holds its own stamp: send the document again whatever the cursor says.
        if (applied !== change.hlc) resend.add(key);
        continue;
      }
      if (!touched.has(key)) {
        const before = await storage.getDoc(change.collection, change.docId);
        // The phone holds a document up to its cursor only if the cursor's keys could read it: one
        // withdrawn from it (a mentor taken off a team, then named again) it does not hold.
        const held = before !== null && before.seq <= afterSeq && keysMeet(state?.complete ?? [], before.audience);
        touched.set(key, { callerHasIt: before === null || held });
      }
      const problem = await applyOne({ storage, user, clientId: context.clientId, clock }, change, touched.get(key)!);
      if (problem) {
        touched.get(key)!.callerHasIt = false;
        rejected.push({
          id: change.id,
          code: problem.code,
          message: MESSAGES[problem.code] ?? (problem.field ? `Invalid field: ${problem.field}` : 'This change was not accepted.'),
        });
      } else acked.push(change.id);
    }
    await clock.save();
    // Following a circle or a thread in this batch gives its keys to this very pull.
    const pullKeys = await readerKeysIn(storage, user);
    // The horizon before the stretch of history: an instance starting meanwhile begins a new
    // stretch after the horizon, never before it.
    const horizon = await storage.currentSeq();
    const epoch = (await storage.epochs()).at(-1)!.id;
    const serverTime = new Date(context.now()).toISOString();
    if (!state) {
      // The cursor is not from this database's present history: the phone sends what it holds again
      // and pulls from the start.
      const fresh = { epoch, horizon, seq: 0, complete: pullKeys, gaining: {}, losing: {} };
      return { acked, rejected, docs: [], cursor: await encodeCursor(storage, fresh, secret, user.id), more: true, serverTime, reset: true };
    }
    const names = new Map<string, string>();
    const nameOf = async (userId: string) => {
      if (!names.has(userId)) names.set(userId, (await storage.userById(userId))?.displayName ?? '');
      return names.get(userId)!;
    };
    const result = await pull({ storage, keys: pullKeys, state, horizon, touched, resend, nameOf });
    return {
      acked,
      rejected,
      docs: result.docs,
      cursor: await encodeCursor(storage, { ...result.state, epoch, horizon }, secret, user.id),
      more: result.more,
      serverTime,
    };
  });
}

/**
 * Where the phone's pull stands, or null when its cursor is not from this database's present
 * history (restored from an older copy, or made for another person): the phone must start again.
 * A first pull (no cursor) starts at the beginning under the reader's keys now; a cursor of digits
 * alone (from before audiences) is taken as made under the reader's keys now.
 */
async function cursorState(storage: StorageOps, cursor: string | null, secret: string, user: UserRecord, keys: string[]): Promise<CursorState | null> {
  const epoch = (await storage.epochs()).at(-1)!.id;
  if (cursor === null) return { epoch, horizon: 0, seq: 0, complete: keys, gaining: {}, losing: {} };
  if (/^\d+$/.test(cursor)) {
    const seq = Number(cursor);
    return seq <= (await storage.currentSeq()) ? { epoch, horizon: seq, seq, complete: keys, gaining: {}, losing: {} } : null;
  }
  const state = await decodeCursor(storage, cursor, secret, user.id);
  if (!state || !(await fromPresentHistory(storage, state))) return null;
  return state;
}
