import { API_PREFIX } from '../core/protocol-basics';

const RECHECK_MS = 30_000;

/**
 * Whether the server can be reached. `navigator.onLine` says only that the phone has a network:
 * in a village it is often "connected" to a mast or a Wi-Fi router with no way out. So when the
 * browser believes it is online, a tiny request to the server confirms it (a HEAD of /health, a few
 * hundred bytes, and it must be the server's own answer), at start, when the network changes, and every half minute while it fails.
 * Calls `onChange` with each new answer; returns a function that stops watching.
 */
export function watchReachability(onChange: (reachable: boolean) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: boolean | null = null;

  const report = (reachable: boolean) => {
    if (stopped) return;
    if (reachable !== last) onChange(reachable);
    last = reachable;
    clearTimeout(timer);
    if (!reachable && navigator.onLine) timer = setTimeout(() => void check(), RECHECK_MS);
  };

  const check = async () => {
    if (!navigator.onLine) return report(false);
    try {
      const response = await fetch(`${API_PREFIX}/health`, { method: 'HEAD', cache: 'no-store' });
      // A Wi-Fi login page answers too, with its own HTML: only the server's JSON counts.
      report(response.ok && (response.headers.get('content-type') ?? '').includes('application/json'));
    } catch {
      report(false);
    }
  };

  const onNetworkChange = () => void check();
  window.addEventListener('online', onNetworkChange);
  window.addEventListener('offline', onNetworkChange);
  void check();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('online', onNetworkChange);
    window.removeEventListener('offline', onNetworkChange);
  };
}
