import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Storage } from './storage/types';

// The pull cursor. The server keeps no state per phone: everything it needs to answer the next pull
// travels in the cursor, signed so that a phone cannot claim keys or a position it was never given.

/** Where a phone's pull stands, and under which keys (server/audience.ts) it holds what it holds. */
export interface CursorState {
  /** The stretch of the server's history the cursor was made in (migration 005). */
  epoch: string;
  /** The seq the server's history had reached when the cursor was made: every change acked to the phone is at or below it. */
  horizon: number;
  /** The user it was made for: another person's cursor on a shared phone is not theirs to continue. */
  user: string;
  /** The phone holds every document up to this seq that the `complete` keys may read. */
  seq: number;
  complete: string[];
  /** Keys the reader gained: their documents up to `seq` are sent, from the position given. */
  gaining: Record<string, number>;
  /** Keys the reader lost: their documents up to `seq` are withdrawn, from the position given. */
  losing: Record<string, number>;
}

const VERSION = 2;
const SIGNATURE_CHARS = 22;

/** The secret cursors are signed with, made once per database. Call inside the sync transaction. */
export function cursorSecret(storage: Storage): string {
  const existing = storage.getState('cursorSecret');
  if (existing) return existing;
  const secret = randomBytes(32).toString('hex');
  storage.setState('cursorSecret', secret);
  return secret;
}

/** `<horizon>.<payload>.<signature>`: the phone reads the horizon to tell an older answer from a newer one. */
export function encodeCursor(state: CursorState, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify([VERSION, state.epoch, state.user, state.seq, state.complete, state.gaining, state.losing]),
  ).toString('base64url');
  const body = `${state.horizon}.${payload}`;
  return `${body}.${sign(body, secret)}`;
}

/** The state a cursor carries, or null when it was not made by this server (or was changed). */
export function decodeCursor(text: string, secret: string): CursorState | null {
  const parts = text.split('.');
  if (parts.length !== 3 || !/^\d{1,15}$/.test(parts[0]!)) return null;
  const body = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(parts[2]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [version, epoch, user, seq, complete, gaining, losing] = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown[];
    if (version !== VERSION || typeof epoch !== 'string' || typeof user !== 'string' || typeof seq !== 'number') return null;
    return {
      epoch,
      horizon: Number(parts[0]),
      user,
      seq,
      complete: complete as string[],
      gaining: gaining as Record<string, number>,
      losing: losing as Record<string, number>,
    };
  } catch {
    return null;
  }
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url').slice(0, SIGNATURE_CHARS);
}

/**
 * Whether a cursor comes from the history this database has: its stretch is here, and that stretch
 * went at least as far as the cursor's horizon before the next one began. A database copied back
 * from before the cursor was made fails this, however far its seq has since run on.
 */
export function fromPresentHistory(storage: Storage, state: Pick<CursorState, 'epoch' | 'horizon' | 'seq'>): boolean {
  const epochs = storage.epochs();
  const index = epochs.findIndex((epoch) => epoch.id === state.epoch);
  if (index < 0) return false;
  const next = epochs[index + 1];
  const end = next ? next.firstSeq - 1 : storage.currentSeq();
  return state.seq <= state.horizon && state.horizon <= end;
}
