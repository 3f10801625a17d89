import { beforeEach, describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc } from '../../../src/core/hlc';
import { newId } from '../../../src/core/ids';
import type { SyncResponse } from '../../../src/core/protocol';
import { clockOffsetAt, nextStamp, readClockCheck, serverTimeIfClockWrong } from '../../../src/db/clock';
import { AsharDb } from '../../../src/db/database';
import { writeDoc } from '../../../src/db/docs';
import { getMeta, setMeta } from '../../../src/db/meta';
import { applyResponse } from '../../../src/sync/engine';

const MINUTE = 60 * 1000;
const YEAR = 365 * 24 * 60 * MINUTE;
const SERVER_NOW = Date.UTC(2026, 10, 23, 9, 30);
let phone: AsharDb;
let phoneNow: number;
let n = 0;

beforeEach(async () => {
  n += 1;
  phone = new AsharDb(`clock-offset-${n}`);
  phoneNow = SERVER_NOW;
  phone.wallClock = () => phoneNow;
  await phone.open();
});

/** An answer with nothing in it but the server's time. */
const answer = (serverMs: number, acked: string[] = []): SyncResponse => ({
  acked,
  rejected: [],
  docs: [],
  cursor: '0',
  more: false,
  serverTime: new Date(serverMs).toISOString(),
});

const clockWallMs = async () => decodeHlc((await getMeta<string>(phone, 'clock'))!)!.wallMs;

describe('how far the phone clock is off', () => {
  it('is measured against the middle of the round trip, with the phone time of the measurement', async () => {
    // Sent at phone time P, answered 4 s later; the server wrote its time when it answered.
    const sentAt = SERVER_NOW + YEAR;
    await applyResponse(phone, answer(SERVER_NOW + 3_000), { sentAt, receivedAt: sentAt + 4_000 });
    expect(await readClockCheck(phone)).toEqual({ offsetMs: -YEAR + 1_000, checkedAtMs: sentAt + 4_000 });
    await applyResponse(phone, answer(SERVER_NOW), { sentAt: SERVER_NOW - 1_000, receivedAt: SERVER_NOW + 1_000 });
    expect(await readClockCheck(phone)).toEqual({ offsetMs: 0, checkedAtMs: SERVER_NOW + 1_000 });
  });

  it('holds while the phone clock runs on, and no longer once it has been set back past the measurement', () => {
    const check = { offsetMs: -YEAR, checkedAtMs: SERVER_NOW + YEAR };
    expect(clockOffsetAt(null, SERVER_NOW)).toBeNull();
    expect(clockOffsetAt(check, SERVER_NOW + YEAR + 10 * MINUTE)).toBe(-YEAR);
    expect(clockOffsetAt(check, SERVER_NOW + 10 * MINUTE)).toBeNull();
    // Kept before the time of the measurement was: it holds as before.
    expect(clockOffsetAt({ offsetMs: -YEAR }, SERVER_NOW)).toBe(-YEAR);
  });

  it('asks for a warning past five minutes either way, with the server time', () => {
    const at = (offsetMs: number) => serverTimeIfClockWrong({ offsetMs, checkedAtMs: SERVER_NOW }, SERVER_NOW);
    expect(at(5 * MINUTE)).toBeNull();
    expect(at(-5 * MINUTE)).toBeNull();
    expect(at(5 * MINUTE + 1)).toBe(SERVER_NOW + 5 * MINUTE + 1);
    expect(at(-YEAR)).toBe(SERVER_NOW - YEAR);
    expect(serverTimeIfClockWrong({ offsetMs: -YEAR, checkedAtMs: SERVER_NOW + YEAR }, SERVER_NOW)).toBeNull();
  });

  it('corrects new stamps by it, and not after the date was set right', async () => {
    phoneNow = SERVER_NOW + YEAR;
    await applyResponse(phone, answer(SERVER_NOW), { sentAt: phoneNow, receivedAt: phoneNow });
    const stamp = () => phone.transaction('rw', phone.meta, () => nextStamp(phone));
    phoneNow += MINUTE;
    expect(decodeHlc(await stamp())!.wallMs).toBe(SERVER_NOW + MINUTE);
    phoneNow = SERVER_NOW + 2 * MINUTE;
    expect(decodeHlc(await stamp())!.wallMs).toBe(SERVER_NOW + 2 * MINUTE);
  });
});

describe('a clock left in the future by a wrong date', () => {
  it('comes back to the server time plus five minutes once no unsent change is stamped that far ahead', async () => {
    phoneNow = SERVER_NOW + YEAR;
    const id = newId();
    await writeDoc(phone, 'assets', id, { communityId: newId(), name: 'Алдыда', category: 'natural' });
    const [change] = await phone.outbox.toArray();
    expect(await clockWallMs()).toBe(SERVER_NOW + YEAR);

    // An answer that does not acknowledge it (another batch, say) leaves the clock where it is:
    // the server will stamp that change on arrival, and later edits must still sort after it.
    await applyResponse(phone, answer(SERVER_NOW), { sentAt: phoneNow, receivedAt: phoneNow });
    expect(await clockWallMs()).toBe(SERVER_NOW + YEAR);

    await applyResponse(phone, answer(SERVER_NOW, [change!.changeId]), { sentAt: phoneNow, receivedAt: phoneNow });
    expect(await clockWallMs()).toBe(SERVER_NOW + 5 * MINUTE);
    phoneNow += 10 * MINUTE;
    await writeDoc(phone, 'assets', id, { name: 'Now' });
    expect((await phone.outbox.toArray()).map((entry) => decodeHlc(entry.hlc)!.wallMs)).toEqual([SERVER_NOW + 10 * MINUTE]);
  });

  it('is not held in the future by a refused change, which is never sent again as it is', async () => {
    await setMeta(phone, 'clock', encodeHlc({ wallMs: SERVER_NOW + YEAR, counter: 3, node: 'abc' }));
    await phone.outbox.add({
      changeId: newId(),
      collection: 'assets',
      docId: newId(),
      hlc: encodeHlc({ wallMs: SERVER_NOW + YEAR, counter: 3, node: 'abc' }),
      set: { name: 'Refused' },
      queuedAt: new Date(SERVER_NOW).toISOString(),
      rejected: { code: 'forbidden_community', message: 'Not yours.' },
    });
    await applyResponse(phone, answer(SERVER_NOW), { sentAt: SERVER_NOW, receivedAt: SERVER_NOW });
    expect(await clockWallMs()).toBe(SERVER_NOW + 5 * MINUTE);
  });

  it('is left alone within five minutes ahead', async () => {
    await setMeta(phone, 'clock', encodeHlc({ wallMs: SERVER_NOW + 4 * MINUTE, counter: 7, node: 'abc' }));
    await applyResponse(phone, answer(SERVER_NOW), { sentAt: SERVER_NOW, receivedAt: SERVER_NOW });
    expect(decodeHlc((await getMeta<string>(phone, 'clock'))!)).toMatchObject({ wallMs: SERVER_NOW + 4 * MINUTE, counter: 7 });
  });
});
