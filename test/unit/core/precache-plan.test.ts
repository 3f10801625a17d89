import { describe, expect, it } from 'vitest';
import { inOrder, oneRunAtATime, percentOf, progressOf, readPlan, TIER, type PlannedEntry } from '../../../src/core/precache-plan';

const entry = (url: string, bytes: number, tier: PlannedEntry['tier'] = TIER.core): PlannedEntry => ({ url, revision: null, tier, bytes });

/** A promise settled from outside, to hold a task until the test lets it go. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('precache plan', () => {
  it('counts progress in bytes, complete only when every file is there, and never says 100 % before', () => {
    const plan = [entry('a.js', 900), entry('b.js', 100)];
    const progress = progressOf(plan, new Set(['a.js']), false);
    expect(progress).toMatchObject({ cachedBytes: 900, totalBytes: 1000, complete: false, paused: false });
    expect(percentOf(progress)).toBe(90);
    expect(percentOf({ cachedBytes: 999, totalBytes: 1000, complete: false })).toBe(99);
    expect(progressOf(plan, new Set(['a.js', 'b.js']), true)).toMatchObject({ complete: true, paused: false });
    expect(percentOf(progressOf(plan, new Set(['a.js', 'b.js']), false))).toBe(100);
  });

  it('reads the injected list; an entry without tier or size counts as shell, so an untiered build installs everything first', () => {
    const plan = readPlan([{ url: 'index.html', revision: 'r1' }, { url: 'a.js', revision: null, tier: 3, bytes: 5 }, 'b.js']);
    expect(plan).toEqual([
      { url: 'index.html', revision: 'r1', integrity: undefined, tier: TIER.shell, bytes: 0 },
      { url: 'a.js', revision: null, integrity: undefined, tier: TIER.rest, bytes: 5 },
      { url: 'b.js', revision: null, integrity: undefined, tier: TIER.shell, bytes: 0 },
    ]);
  });

  it('runs at most the given number at once, starting in order, and starts nothing after a failure', async () => {
    const gates = new Map([1, 2, 3, 4, 5].map((item) => [item, gate()]));
    const started: number[] = [];
    const done = inOrder([1, 2, 3, 4, 5], 2, (item) => {
      started.push(item);
      return gates.get(item)!.promise;
    });
    await tick();
    expect(started).toEqual([1, 2]);
    gates.get(2)!.open();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    gates.get(1)!.fail(new Error('offline'));
    await tick();
    expect(started).toEqual([1, 2, 3]);
    gates.get(3)!.open();
    await expect(done).rejects.toThrow('offline');
    expect(started).toEqual([1, 2, 3]);
  });

  it('runs one download at a time, and once more when asked during a run that ends unfinished', async () => {
    const runs: ReturnType<typeof gate<boolean>>[] = [];
    const download = oneRunAtATime(() => {
      const run = gate<boolean>();
      runs.push(run);
      return run.promise;
    });
    const first = download();
    const second = download();
    expect(runs).toHaveLength(1);
    // The first run fails on what was in flight when the network went; the second ask came meanwhile.
    runs[0]!.open(false);
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]!.open(true);
    await Promise.all([first, second]);

    // Asked during a run that finishes: no second run.
    const third = download();
    void download();
    runs[2]!.open(true);
    await third;
    expect(runs).toHaveLength(3);
    // Not asked again during an unfinished run: it stays paused until the next ask.
    const fourth = download();
    runs[3]!.open(false);
    await fourth;
    expect(runs).toHaveLength(4);
  });
});
