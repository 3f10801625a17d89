import { writeFileSync } from 'node:fs';
import type { CDPSession, Locator, Page } from 'playwright-core';

// How the benchmarks time what a person sees, inside the page: from a tap to a screen, and from a
// keystroke to its search results painted. Shared by every benchmark that opens the app.

export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * From a tap on `target` until a new `selector` element is in the page (ms), measured inside the page from the
 * moment the press reaches it (the first `pointerdown`), as a person's tap does: what Playwright
 * does before pressing (finding the element by its accessible name, waiting for it to be still,
 * all at the slowed CPU) is not the app's time.
 */
export async function tapTo(page: Page, target: Locator, selector: string): Promise<number> {
  await page.evaluate((watched) => {
    const state = { started: 0, shown: 0 };
    // What matched before the tap (the screen it leaves may show the same kind of element) does not count.
    let before = new Set<Element>();
    window.addEventListener(
      'pointerdown',
      () => {
        state.started = performance.now();
        before = new Set(document.querySelectorAll(watched));
      },
      { capture: true, once: true },
    );
    // Awaited by a plain evaluation: nothing of Playwright's runs in the page while the app works.
    (window as unknown as { __tap: Promise<number> }).__tap = new Promise((resolve) => {
      new MutationObserver((_, observer) => {
        if (state.started && [...document.querySelectorAll(watched)].some((element) => !before.has(element))) {
          observer.disconnect();
          resolve(Math.round(performance.now() - state.started));
        }
      }).observe(document, { childList: true, subtree: true });
    });
  }, selector);
  const shown = page.evaluate(() => (window as unknown as { __tap: Promise<number> }).__tap);
  await target.first().click();
  return shown;
}

/** Every prefix of each query, then an empty box after it: what typing them one letter at a time sends. */
export const keystrokesOf = (queries: readonly string[]) =>
  queries.flatMap((query) => Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)).concat(['']));

/**
 * Types each value into the page's search box (`.search-box input`) and times it until the results
 * (`results`, whose `data-query` names the text they answer) are painted; ms per non-empty value.
 * `emptyAnswered`: an empty box is answered too (the whole list comes back), and waited for.
 */
export function timeKeystrokes(page: Page, results: string, values: readonly string[], emptyAnswered: boolean): Promise<number[]> {
  return page.evaluate(
    async ({ sequence, watched, waitEmpty }) => {
      const input = document.querySelector('.search-box input') as HTMLInputElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const times: number[] = [];
      for (const value of sequence) {
        // Named in the page's timeline, for a recorded pass.
        const started = performance.mark('bench-keystroke', { detail: value }).startTime;
        setValue.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // (No named inner functions here: this code runs in the page, without the bundler's helpers.)
        // Checked at each frame; once the answer is in the page, that frame paints it, and a task
        // queued from the frame callback runs right after the paint.
        while ((value !== '' || waitEmpty) && document.querySelector(watched)?.getAttribute('data-query') !== value) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        // An emptied box that is not answered still changes the page (the screen's content comes
        // back): it is painted before the next letter, as a person's next keystroke comes a frame
        // or more later; its cost is not counted into that letter's.
        if (value === '' && !waitEmpty) await new Promise((resolve) => requestAnimationFrame(resolve));
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (value !== '') times.push(performance.now() - started);
      }
      return times;
    },
    { sequence: values, watched: results, waitEmpty: emptyAnswered },
  );
}

/** Where to write a recording of the page while `recorded` runs its work: a CPU profile, a Chromium trace, or both. */
export interface Recording {
  profile?: string | undefined;
  trace?: string | undefined;
}

/**
 * Runs `work` while the page (through `cdp`) is recorded as asked: a CPU profile and/or a trace
 * (for Chromium's performance panel), written to their files when it is done.
 */
export async function recorded<T>(cdp: CDPSession, { profile, trace }: Recording, work: () => Promise<T>): Promise<T> {
  const traced: unknown[] = [];
  if (trace) {
    cdp.on('Tracing.dataCollected', (data) => traced.push(...data.value));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,blink,blink.user_timing,loading',
      transferMode: 'ReportEvents',
    });
  }
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const result = await work();
  if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  if (trace) {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    writeFileSync(trace, JSON.stringify({ traceEvents: traced }));
  }
  return result;
}
