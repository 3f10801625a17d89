import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, initialHlc, isHlc, receiveHlc, tickHlc } from '../../../src/core/hlc';

describe('hybrid logical clock', () => {
  it('encodes so that string order is clock order', () => {
    const a = encodeHlc({ wallMs: 9_000, counter: 35, node: 'b' });
    const b = encodeHlc({ wallMs: 10_000, counter: 0, node: 'a' });
    const c = encodeHlc({ wallMs: 10_000, counter: 1, node: 'a' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(decodeHlc(c)).toEqual({ wallMs: 10_000, counter: 1, node: 'a' });
    expect(isHlc(c)).toBe(true);
    expect(isHlc('nonsense')).toBe(false);
  });

  it('never goes backwards when the wall clock does', () => {
    let clock = initialHlc('node1');
    const stamps: string[] = [];
    for (const now of [1_000, 2_000, 500, 500, 1_999, 3_000]) {
      clock = tickHlc(clock, now);
      stamps.push(encodeHlc(clock));
    }
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('moves past a remote stamp from a clock that runs ahead', () => {
    const local = tickHlc(initialHlc('local'), 1_000);
    const remote = { wallMs: 50_000, counter: 7, node: 'remote' };
    const merged = receiveHlc(local, remote, 1_001);
    expect(encodeHlc(merged) > encodeHlc(remote)).toBe(true);
    expect(encodeHlc(tickHlc(merged, 1_002)) > encodeHlc(merged)).toBe(true);
  });

  it('rolls the counter over into the next millisecond', () => {
    const full = { wallMs: 5, counter: 36 ** 4 - 1, node: 'n' };
    expect(tickHlc(full, 5)).toEqual({ wallMs: 6, counter: 0, node: 'n' });
  });
});
