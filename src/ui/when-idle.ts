/**
 * Runs `work` once the page has painted and its thread is free (at the latest after `timeoutMs`):
 * for what a screen does not need to show itself, so that it does not hold up the first paint.
 * Returns a function that cancels it if it has not run yet.
 */
export function whenIdle(work: () => void, timeoutMs = 1500): () => void {
  let cancelled = false;
  let idle: number | null = null;
  const run = () => {
    if (!cancelled) work();
  };
  // A timer first: React draws in a task of its own, and the idle time after it is what is wanted.
  const timer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: timeoutMs });
    else run();
  }, 0);
  return () => {
    cancelled = true;
    clearTimeout(timer);
    if (idle !== null) cancelIdleCallback(idle);
  };
}

/**
 * Resolves in a task after this one, so that work after it does not lengthen the current task: at
 * the head of the queue where the browser can put it there (`scheduler.yield`), else after a timer.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs `work` in a task just after the page's next paint (its frame, then a timer): for what is
 * to be drawn once what changed now is on screen. Returns a function that cancels it if it has
 * not run yet.
 */
export function afterPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(work, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
  };
}
