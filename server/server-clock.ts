import { decodeHlc, encodeHlc, initialHlc, receiveHlc, tickHlc, type Hlc } from '../src/core/hlc';
import { BELIEVABLE_SINCE_MS } from '../src/core/protocol';
import type { StorageOps } from './storage/types';

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

  private constructor(
    private readonly storage: StorageOps,
    readonly now: () => number,
    saved: string | null,
  ) {
    this.state = decodeHlc(saved ?? '') ?? initialHlc('server');
  }

  /** The clock as the database last saved it (read in the transaction that will save it). */
  static async load(storage: StorageOps, now: () => number): Promise<ServerClock> {
    return new ServerClock(storage, now, await storage.getState('hlc'));
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

  async save(): Promise<void> {
    if (this.dirty) await this.storage.setState('hlc', encodeHlc(this.state));
  }
}
