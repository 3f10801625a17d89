import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StorageOps } from './storage/types';

// The pull cursor. The server keeps no state per phone: everything it needs to answer the next pull
// travels in the cursor, signed (with the user it was made for) so that a phone cannot claim keys
// or a position it was never given, nor continue another person's. It is sent on every sync, so it
// is small: the keys it was made under travel as a hash, kept once in `key_sets`.

/** Where a phone's pull stands, and under which keys (server/audience.ts) it holds what it holds. */
export interface CursorState {
  /** The stretch of the server's history the cursor was made in (migration 005). */
  epoch: string;
  /** The seq the server's history had reached when the cursor was made: every change acked to the phone is at or below it. */
  horizon: number;
  /** The phone holds every document up to this seq that the `complete` keys may read. */
  seq: number;
  complete: string[];
  /** Keys the reader gained: their documents up to `seq` are sent, from the position given. */
  gaining: Record<string, number>;
  /** Keys the reader lost: the documents the phone may hold under them are withdrawn, from the position given. */
  losing: Record<string, number>;
}

/** 96 bits of HMAC-SHA256: no one forges that in the life of a cursor. */
const SIGNATURE_CHARS = 16;

/** A new stretch of history's id: random, so a restored copy never reuses one from the history it lost. */
export function newEpochId(): string {
  return randomBytes(8).toString('base64url');
}

/**
 * The secret cursors are signed with, made once per database: instances making it at once keep the
 * first one stored.
 */
export async function cursorSecret(storage: StorageOps): Promise<string> {
  return (await storage.getState('cursorSecret')) ?? storage.keepState('cursorSecret', randomBytes(32).toString('hex'));
}

/**
 * `<horizon>.<seq>.<epoch>.<key set>[.<catch-up>].<signature>`, about sixty characters on every
 * sync: the phone reads the horizon to tell an older answer from a newer one. Call inside the sync
 * transaction: the key set is kept for later comparisons.
 */
export async function encodeCursor(storage: StorageOps, state: CursorState, secret: string, userId: string): Promise<string> {
  const hash = keySetHash(state.complete);
  if (!(await storage.keySet(hash))) await storage.rememberKeySet(hash, state.complete);
  const catchingUp = Object.keys(state.gaining).length > 0 || Object.keys(state.losing).length > 0;
  const parts = [String(state.horizon), String(state.seq), state.epoch, hash];
  if (catchingUp) parts.push(Buffer.from(JSON.stringify([state.gaining, state.losing])).toString('base64url'));
  const body = parts.join('.');
  return `${body}.${sign(body, secret, userId)}`;
}

/**
 * The state a cursor carries, or null when it was not made by this server for this user (or was
 * changed), or its key set is not in this database (made in a history the database lost).
 */
export async function decodeCursor(storage: StorageOps, text: string, secret: string, userId: string): Promise<CursorState | null> {
  const parts = text.split('.');
  if (parts.length !== 5 && parts.length !== 6) return null;
  const signature = parts.pop()!;
  const body = parts.join('.');
  const expected = Buffer.from(sign(body, secret, userId));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [horizon, seq, epoch, hash, catchUp] = parts as [string, string, string, string, string | undefined];
  if (!/^\d{1,15}$/.test(horizon) || !/^\d{1,15}$/.test(seq)) return null;
  const complete = await storage.keySet(hash);
  if (!complete) return null;
  try {
    const [gaining, losing] = catchUp
      ? (JSON.parse(Buffer.from(catchUp, 'base64url').toString('utf8')) as [Record<string, number>, Record<string, number>])
      : [{}, {}];
    return { epoch, horizon: Number(horizon), seq: Number(seq), complete, gaining, losing };
  } catch {
    return null;
  }
}

function keySetHash(keys: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([...keys].sort()))
    .digest('base64url')
    .slice(0, 12);
}

function sign(body: string, secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`${userId}\n${body}`).digest('base64url').slice(0, SIGNATURE_CHARS);
}

/**
 * Whether a cursor comes from the history this database has: its stretch is here, and that stretch
 * went at least as far as the cursor's horizon before the next one began. A database copied back
 * from before the cursor was made fails this, however far its seq has since run on.
 */
export async function fromPresentHistory(storage: StorageOps, state: Pick<CursorState, 'epoch' | 'horizon' | 'seq'>): Promise<boolean> {
  const epochs = await storage.epochs();
  const index = epochs.findIndex((epoch) => epoch.id === state.epoch);
  if (index < 0) return false;
  const next = epochs[index + 1];
  const end = next ? next.firstSeq - 1 : await storage.currentSeq();
  return state.seq <= state.horizon && state.horizon <= end;
}
