import { decodeHlc, encodeHlc, initialHlc, receiveHlc, tickHlc, type Hlc } from '../src/core/hlc';
import { BELIEVABLE_SINCE_MS } from '../src/core/protocol';
import type { Storage } from './storage/types';

/** A phone clock further ahead than this is not believed. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;

/**
 * The server's own clock, used to bound stamps it cannot believe: a phone a year fast would
 * otherwise win every later edit; one reset to 1970 would lose them all. Such a stamp is replaced by
 * a fresh server stamp, which sorts after everything the server has seen so far.
 */
export class ServerClock {
  private state: Hlc;
  private dirty = false;

  constructor(
    private readonly storage: Storage,
    readonly now: () => number,
  ) {
    this.state = decodeHlc(storage.getState('hlc') ?? '') ?? initialHlc('server');
  }

  bound(stamp: string): string {
    const decoded = decodeHlc(stamp)!;
    const now = this.now();
    this.dirty = true;
    if (decoded.wallMs > now + MAX_FUTURE_MS || decoded.wallMs < BELIEVABLE_SINCE_MS) {
      this.state = tickHlc(this.state, now);
      return encodeHlc(this.state);
    }
    this.state = receiveHlc(this.state, decoded, now);
    return stamp;
  }

  save(): void {
    if (this.dirty) this.storage.setState('hlc', encodeHlc(this.state));
  }
}
