import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchReachability } from '../../../src/sync/reachability';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('reachability', () => {
  it('reports a phone "online" whose server cannot be reached as offline, and notices when it comes back', async () => {
    vi.useFakeTimers();
    let serverUp = false;
    const fetch = vi.fn(async () => {
      if (!serverUp) throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    });
    vi.stubGlobal('fetch', fetch);
    const answers: boolean[] = [];
    const stop = watchReachability((reachable) => answers.push(reachable));
    await vi.waitFor(() => expect(answers).toEqual([false]));
    expect(fetch).toHaveBeenCalledWith('/api/v1/health', { method: 'HEAD', cache: 'no-store' });
    serverUp = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(answers).toEqual([false, true]);
    // Nothing more is asked while the server answers, until the network changes.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(3));
    expect(answers).toEqual([false, true]);
    stop();
  });

  it('does not take a Wi-Fi login page for the server', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 200, headers: { 'content-type': 'text/html' } })),
    );
    const answers: boolean[] = [];
    const stop = watchReachability((reachable) => answers.push(reachable));
    await vi.waitFor(() => expect(answers).toEqual([false]));
    stop();
  });

  it('asks nothing when the browser knows it has no network', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const answers: boolean[] = [];
    const stop = watchReachability((reachable) => answers.push(reachable));
    await vi.waitFor(() => expect(answers).toEqual([false]));
    expect(fetch).not.toHaveBeenCalled();
    stop();
    vi.restoreAllMocks();
  });
});
