import { describe, expect, it } from 'vitest';
import { splitAge } from '../../../src/i18n/format';

describe('how long ago', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');
  it('reads as minutes under an hour, hours under two days, whole days after', () => {
    expect(splitAge('2026-11-23T11:58:00.000Z', now)).toEqual({ value: 2, unit: 'minutes' });
    expect(splitAge('2026-11-23T09:00:00.000Z', now)).toEqual({ value: 3, unit: 'hours' });
    expect(splitAge('2026-11-21T13:00:00.000Z', now)).toEqual({ value: 47, unit: 'hours' });
    expect(splitAge('2026-11-19T11:00:00.000Z', now)).toEqual({ value: 4, unit: 'days' });
  });

  it('says "just now", never "in the future", for a phone whose clock ran ahead, and skips unreadable times', () => {
    expect(splitAge('2026-11-24T12:00:00.000Z', now)).toEqual({ value: 0, unit: 'justNow' });
    expect(splitAge('yesterday', now)).toBeNull();
  });
});
