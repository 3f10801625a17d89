// Hybrid logical clock. Every field a device writes is stamped with one, and the merge keeps, per
// field, the value with the greatest stamp. The stamp is a string whose plain string order is the
// clock order: wall time in ms (15 digits), a counter (base 36, 4 digits) and the node id as the
// tie-breaker, so two devices never produce equal stamps.
export interface Hlc {
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

const MAX_COUNTER = 36 ** 4 - 1;
const FORMAT = /^(\d{15}):([0-9a-z]{4}):([0-9a-z-]{1,64})$/;

export function encodeHlc(clock: Hlc): string {
  return `${String(clock.wallMs).padStart(15, '0')}:${clock.counter.toString(36).padStart(4, '0')}:${clock.node}`;
}

export function decodeHlc(text: string): Hlc | null {
  const match = FORMAT.exec(text);
  if (!match) return null;
  return { wallMs: Number(match[1]), counter: parseInt(match[2]!, 36), node: match[3]! };
}

export function isHlc(text: unknown): text is string {
  return typeof text === 'string' && FORMAT.test(text);
}

/** The next stamp for a local event: never below the last stamp seen, whatever the wall clock does. */
export function tickHlc(last: Hlc, nowMs: number): Hlc {
  const wallMs = Math.max(last.wallMs, Math.floor(nowMs));
  const counter = wallMs === last.wallMs ? last.counter + 1 : 0;
  if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node: last.node };
  return { wallMs, counter, node: last.node };
}

/** Folds a stamp received from elsewhere into the local clock, so later local stamps sort after it. */
export function receiveHlc(local: Hlc, remote: Hlc, nowMs: number): Hlc {
  const wallMs = Math.max(local.wallMs, remote.wallMs, Math.floor(nowMs));
  let counter = 0;
  if (wallMs === local.wallMs && wallMs === remote.wallMs) counter = Math.max(local.counter, remote.counter) + 1;
  else if (wallMs === local.wallMs) counter = local.counter + 1;
  else if (wallMs === remote.wallMs) counter = remote.counter + 1;
  if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node: local.node };
  return { wallMs, counter, node: local.node };
}

export function initialHlc(node: string): Hlc {
  return { wallMs: 0, counter: 0, node };
}
