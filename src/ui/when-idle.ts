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
