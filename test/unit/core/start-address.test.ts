import { describe, expect, it } from 'vitest';
import { startAddress } from '../../../src/core/start-address';

describe('where a start goes first', () => {
  it('opens the library at the start address, and a screen where it is asked', () => {
    expect(startAddress('/', true)).toEqual({ asked: '/library', guess: '/library', needsCommunity: true });
    expect(startAddress('/assets/map', true)).toEqual({ asked: '/assets/map', guess: '/assets/map', needsCommunity: true });
  });

  it('sends a phone that had no community chosen to the welcome screen, unless the screen needs none', () => {
    expect(startAddress('/', false)).toEqual({ asked: '/library', guess: '/welcome', needsCommunity: true });
    expect(startAddress('/workshops/abc', false).guess).toBe('/welcome');
    for (const open of ['/welcome', '/communities', '/settings', '/settings/backup', '/print/case-study/abc', '/print/workshop/abc']) {
      expect(startAddress(open, false)).toEqual({ asked: open, guess: open, needsCommunity: false });
    }
  });
});
