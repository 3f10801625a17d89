import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenIdle } from '../../../src/ui/when-idle';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('whenIdle', () => {
  it('runs the work after the current task and once the thread is idle, not before', async () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    const work = vi.fn();
    whenIdle(work);
    expect(work).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(work).not.toHaveBeenCalled();
    expect(idle).toHaveLength(1);
    idle[0]!();
    expect(work).toHaveBeenCalledOnce();
  });

  it('runs it after the current task where the browser has no idle callbacks', async () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    const work = vi.fn();
    whenIdle(work);
    expect(work).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(work).toHaveBeenCalledOnce();
  });

  it('does not run work cancelled before it ran', async () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    const early = vi.fn();
    whenIdle(early)();
    const late = vi.fn();
    const cancelLate = whenIdle(late);
    await new Promise((resolve) => setTimeout(resolve, 0));
    cancelLate();
    for (const callback of idle) callback();
    expect(early).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });
});
