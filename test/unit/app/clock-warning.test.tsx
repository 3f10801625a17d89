import { act, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClockWarning } from '../../../src/app/clock-warning';
import { saveClockCheck } from '../../../src/db/clock';
import { db } from '../../../src/db/instance';
import { formatDateTime } from '../../../src/i18n/format';
import { startI18n, switchLanguage } from '../../../src/i18n/setup';

const YEAR = 365 * 24 * 60 * 60 * 1000;
const SERVER_NOW = Date.UTC(2026, 10, 23, 9, 30);
let phoneNow = SERVER_NOW;

beforeAll(async () => {
  await startI18n('en');
});
afterAll(async () => {
  await i18next.changeLanguage('en');
});
beforeEach(async () => {
  phoneNow = SERVER_NOW;
  await db.delete();
  await db.open();
  db.wallClock = () => phoneNow;
});
afterEach(() => {
  db.wallClock = () => Date.now();
  vi.useRealTimers();
});

/** What a sync finds: the phone's clock reads `phoneNow`, the server's SERVER_NOW. */
const measured = () => db.transaction('rw', db.meta, () => saveClockCheck(db, { offsetMs: SERVER_NOW - phoneNow, checkedAtMs: phoneNow }));
const shown = (ms: number) => formatDateTime(new Date(ms).toISOString(), 'en');

describe('clock warning', () => {
  it('says nothing before a sync has measured the clock, nor while it is at most five minutes off', async () => {
    render(<ClockWarning />);
    const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    await settle();
    expect(screen.queryByRole('status')).toBeNull();
    for (const offMs of [4 * 60 * 1000, -5 * 60 * 1000]) {
      phoneNow = SERVER_NOW + offMs;
      await act(measured);
      await settle();
      expect(screen.queryByRole('status'), `${offMs} ms off`).toBeNull();
    }
    phoneNow = SERVER_NOW - 5 * 60 * 1000 - 1_000;
    await act(measured);
    expect(await screen.findByRole('status')).toBeInTheDocument();
  });

  it('shows a phone a year fast the phone time and the server time, with no way to close it', async () => {
    phoneNow = SERVER_NOW + YEAR;
    await measured();
    render(<ClockWarning />);
    const warning = await screen.findByRole('status');
    expect(warning).toHaveTextContent('The date or time on this phone is wrong.');
    expect(warning).toHaveTextContent("Set the right date and time in the phone's settings");
    expect(screen.getByText('On this phone').nextElementSibling).toHaveTextContent(shown(SERVER_NOW + YEAR));
    expect(screen.getByText('On the server').nextElementSibling).toHaveTextContent(shown(SERVER_NOW));
    expect(shown(SERVER_NOW + YEAR)).toContain('2027');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows in Kyrgyz for a phone at 1970', async () => {
    await switchLanguage('ky');
    try {
      phoneNow = 0;
      await measured();
      render(<ClockWarning />);
      expect(await screen.findByRole('status')).toHaveTextContent('Бул телефондогу дата же убакыт туура эмес.');
      expect(screen.getByText('Телефондо').nextElementSibling).toHaveTextContent('1970');
    } finally {
      await i18next.changeLanguage('en');
    }
  });

  it('goes once the next sync finds the clock right', async () => {
    phoneNow = SERVER_NOW - YEAR;
    await measured();
    render(<ClockWarning />);
    expect(await screen.findByRole('status')).toBeInTheDocument();
    phoneNow = SERVER_NOW + 2_000;
    await act(measured);
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
  });

  it('goes as soon as the date of a phone that was ahead is set back, before any sync', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    phoneNow = SERVER_NOW + YEAR;
    await measured();
    render(<ClockWarning />);
    expect(await screen.findByRole('status')).toBeInTheDocument();
    phoneNow = SERVER_NOW + 60_000;
    act(() => vi.advanceTimersByTime(15_000));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
