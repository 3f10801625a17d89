import { decodeHlc, encodeHlc, initialHlc, receiveHlc, tickHlc } from '../core/hlc';
import { newId } from '../core/ids';
import type { AsharDb } from './database';
import { getMeta, setMeta } from './meta';

/** This phone's node id for the clock: made once, kept for the life of the database. */
export async function deviceId(db: AsharDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta<string>(db, 'deviceId');
    if (existing) return existing;
    const id = newId().replace(/-/g, '').slice(0, 16);
    await setMeta(db, 'deviceId', id);
    return id;
  });
}

/**
 * The next clock stamp. Must run inside the caller's read-write transaction on `meta`, so that the
 * stamp and the write it stamps are stored together: a stamp is never reused after a crash.
 */
export async function nextStamp(db: AsharDb, nowMs?: number): Promise<string> {
  const node = await deviceId(db);
  const now = nowMs ?? (await correctedNow(db));
  const stored = await getMeta<string>(db, 'clock');
  const last = (stored && decodeHlc(stored)) || initialHlc(node);
  const next = tickHlc({ ...last, node }, now);
  const encoded = encodeHlc(next);
  await setMeta(db, 'clock', encoded);
  return encoded;
}

/** What the last sync measured: how far the server's clock was ahead of this phone's, and when (phone time). */
export interface ClockCheck {
  offsetMs: number;
  /** Absent in databases from before it was kept: the offset then holds as it always did. */
  checkedAtMs?: number;
}

export async function readClockCheck(db: AsharDb): Promise<ClockCheck | null> {
  const offsetMs = await getMeta<number>(db, 'clockOffsetMs');
  if (offsetMs === undefined) return null;
  const checkedAtMs = await getMeta<number>(db, 'clockCheckedAt');
  return checkedAtMs === undefined ? { offsetMs } : { offsetMs, checkedAtMs };
}

/** Keeps what a sync measured. Must run inside the caller's read-write transaction on `meta`. */
export async function saveClockCheck(db: AsharDb, check: Required<ClockCheck>): Promise<void> {
  await setMeta(db, 'clockOffsetMs', check.offsetMs);
  await setMeta(db, 'clockCheckedAt', check.checkedAtMs);
}

/**
 * How far the server's clock is ahead of this phone's at phone time `phoneMs`, as far as is known.
 * The offset measured at the last sync holds while the phone's clock runs on. Once the phone's clock
 * has gone back past that measurement, someone set its date (right, most likely, after the
 * warning): the offset says nothing any more until the next sync, and null is returned.
 */
export function clockOffsetAt(check: ClockCheck | null, phoneMs: number): number | null {
  if (!check) return null;
  if (check.checkedAtMs !== undefined && phoneMs < check.checkedAtMs) return null;
  return check.offsetMs;
}

/** A phone clock further off than this is worth a warning: its stamps are past what the server believes. */
export const CLOCK_WARNING_MS = 5 * 60 * 1000;

/** The server's time at phone time `phoneMs` when the phone's clock is more than CLOCK_WARNING_MS off it; otherwise null. */
export function serverTimeIfClockWrong(check: ClockCheck | null, phoneMs: number): number | null {
  const offset = clockOffsetAt(check, phoneMs);
  return offset !== null && Math.abs(offset) > CLOCK_WARNING_MS ? phoneMs + offset : null;
}

/**
 * The time as the server would tell it: the phone's clock corrected by the last sync's offset, or
 * the phone's clock alone when that offset no longer holds. Were a stale offset applied, a phone a
 * year fast whose date was set right would take a year off the right time, and stamp its edits as
 * of its last sync: they would lose to older edits made elsewhere since.
 */
export async function correctedNow(db: AsharDb): Promise<number> {
  const phoneMs = db.wallClock();
  return phoneMs + (clockOffsetAt(await readClockCheck(db), phoneMs) ?? 0);
}

/** A stamp further ahead of the clock than this comes from a phone whose date is wrong: not followed. */
export const MAX_FOLLOWED_FUTURE_MS = 5 * 60 * 1000;

/**
 * Moves the local clock past stamps written elsewhere (pulled from the server, or brought in from a
 * backup file), so this phone's next edit sorts after what it has seen. A stamp more than a few
 * minutes ahead of `nowMs` is not followed: one phone with a wrong date would otherwise drag every
 * later edit here into the future. Must run inside the caller's read-write transaction on `meta`.
 */
export async function observeStamps(db: AsharDb, stamps: Iterable<string>, nowMs: number): Promise<void> {
  const node = await deviceId(db);
  let clock = decodeHlc((await getMeta<string>(db, 'clock')) ?? '') ?? initialHlc(node);
  for (const stamp of stamps) {
    const remote = decodeHlc(stamp);
    if (remote && remote.wallMs <= nowMs + MAX_FOLLOWED_FUTURE_MS) clock = receiveHlc(clock, remote, nowMs);
  }
  await setMeta(db, 'clock', encodeHlc({ ...clock, node }));
}

/**
 * Brings the clock back from the future once the server has said what time it is. Stamps made
 * while the phone's date was ahead (before it first heard the server's time, or after its date was
 * moved) leave the clock there, and the clock never goes back by itself: every later edit would be
 * stamped as far ahead, replaced by the server on arrival, and so count as made when it arrived,
 * so an edit typed offline yesterday would beat one made this morning on another phone.
 * Every stamp the server holds is at most MAX_FOLLOWED_FUTURE_MS ahead of its time, so the clock
 * goes back to that: still past everything this phone has seen. Only once no unsent change carries
 * such a stamp: the server stamps those on arrival, and a later edit stamped lower would lose to
 * them. Must run inside the caller's read-write transaction on `meta` and `outbox`.
 */
export async function settleClock(db: AsharDb, serverNowMs: number): Promise<void> {
  const horizon = serverNowMs + MAX_FOLLOWED_FUTURE_MS;
  const clock = decodeHlc((await getMeta<string>(db, 'clock')) ?? '');
  if (!clock || clock.wallMs <= horizon) return;
  const ahead = await db.outbox.filter((entry) => !entry.rejected && (decodeHlc(entry.hlc)?.wallMs ?? 0) > horizon).count();
  if (ahead > 0) return;
  await setMeta(db, 'clock', encodeHlc({ wallMs: horizon, counter: 0, node: clock.node }));
}
