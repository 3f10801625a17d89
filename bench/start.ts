// `npm run bench:start`: opening the app offline on a phone in daily use, CPU slowed 4×
// (Emulation.setCPUThrottlingRate), from the tap on its icon until the library's list is on
// screen. The phone has chosen its community, its service worker holds the whole app, its library
// holds BENCH_COUNT case studies (300 by default), and the network is off (the page and its service
// worker alike). Each start opens the app's start address (/) in a new tab, as the home screen
// does, and is timed inside the page from the navigation's start: the service worker's answer, the
// first paint, the first paint of something real (text or an image, not a bare background), the
// app's code running (mark `ashar-code-ready`), what the first screen needs read (`ashar-data-ready`),
// the list on screen (the start snapshot's, drawn from the page before any script runs, once the
// app has kept one) and the app's own list in its place. Long tasks (over 50 ms) are recorded until
// the app's list shows. The built app
// (BENCH_DIST, default dist), served by the real server while the phone is set up. BENCH_RUNS
// starts (5 by default) after one not counted; prints each start, the medians and, last, one JSON
// line. BENCH_PROFILE=file.cpuprofile and/or BENCH_TRACE=file.json add one start, not counted,
// with a CPU profile or a Chromium trace of it (for Chromium's performance panel). BENCH_VERBOSE=1
// prints each start's long tasks (when each began, and how long it took). BENCH_SNAPSHOT=0 starts
// without the start snapshot (deleted before each start), as a phone that has none.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chooseNewCommunity, putRecords, waitForServiceWorker } from '../test/e2e/app';
import { newPhone } from '../test/e2e/browser';
import { startBenchApp } from './bench-app';
import { makeCaseStudies } from './case-studies';
import { median, recorded } from './page-timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const COUNT = Number(process.env.BENCH_COUNT ?? 300);
const DIST = process.env.BENCH_DIST ?? 'dist';
/** Files to write a CPU profile and a trace of one more start to (not counted: recording slows it). */
const PROFILE = process.env.BENCH_PROFILE;
const TRACE = process.env.BENCH_TRACE;
const CPU_SLOWDOWN = 4;
const VERBOSE = process.env.BENCH_VERBOSE;
/** BENCH_SNAPSHOT=0: every start without the start snapshot (as a phone that has none, or a build before it). */
const SNAPSHOT = process.env.BENCH_SNAPSHOT !== '0';

interface Start {
  /** The service worker's answer to the navigation (responseEnd). */
  answerMs: number;
  firstPaintMs: number;
  /** First contentful paint: text or an image, not only a background. */
  firstContentMs: number;
  /** The app's code loaded and running (its mark `ashar-code-ready`). */
  codeMs: number;
  /** What the first screen needs read from the phone (`ashar-data-ready`): it is drawn from then. */
  dataMs: number;
  /** The library's list painted: the start snapshot's, or the app's when there is none. */
  listMs: number;
  /** The app's own list painted, in place of the snapshot: from then on the screen is the app's. */
  appListMs: number;
  longestTaskMs: number;
  longTasks: number;
  /**
   * What the long tasks block from the first contentful paint until the app's list: each one's time
   * over 50 ms after that paint, summed (as Lighthouse's total blocking time, measured, not simulated).
   */
  blockingMs: number;
}

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`No built app in ${DIST}/: run npm run build first (or set BENCH_DIST).`);
  process.exit(1);
}

/** What the page itself saw of its start, recorded from its first moment (installed before any of the app's code runs). */
function watchStart() {
  let shown = () => undefined as void;
  const seen = {
    listMs: 0,
    appListMs: 0,
    longTasks: [] as { start: number; duration: number }[],
    shown: new Promise<void>((resolve) => (shown = resolve)),
  };
  (window as unknown as { __start: typeof seen }).__start = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) seen.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Timed at the next frame (its animation callbacks, right before it paints): a list is on screen
  // once it is painted, not when it enters the DOM. (A task after the frame would also count what
  // the page queued meanwhile: the app's own start, after a snapshot parsed from the page.)
  const atPaint = (then: () => void) => requestAnimationFrame(() => then());
  new MutationObserver((_, observer) => {
    // The list on screen: the start snapshot's (the list as last drawn, before the app runs) or the app's.
    if (!seen.listMs && document.querySelector('.library-results .record-list li')) {
      seen.listMs = -1;
      atPaint(() => (seen.listMs = performance.now()));
    }
    // The app's own list, in its root once shown: from then a tap is the app's.
    if (document.querySelector('#root:not([hidden]) .library-results .record-list li')) {
      observer.disconnect();
      atPaint(() => {
        seen.appListMs = performance.now();
        shown();
      });
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
}

/**
 * One start as from the home screen: a new tab, the CPU slowed before it loads anything. With
 * `profile` or `trace`, a CPU profile or a trace of the start (until the list shows) is written there.
 */
async function oneStart(
  context: BrowserContext,
  helper: Page,
  url: string,
  { profile, trace, keepSnapshot }: { profile?: string; trace?: string; keepSnapshot?: boolean } = {},
): Promise<Start> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // Measured as a phone with no start snapshot kept: the one the last start took goes (asked from
  // a page of the app's origin that runs none of it).
  if (!SNAPSHOT) await helper.evaluate(() => caches.delete('ashar-start-snapshot'));
  if (VERBOSE) {
    const kept = await helper.evaluate(async () => (await (await caches.match('/start-snapshot', { cacheName: 'ashar-start-snapshot' }))?.text()) ?? null);
    console.log(`start snapshot: ${kept === null ? 'none' : `${Math.round(kept.length / 1024)} KB, ${(kept.match(/<li/g) ?? []).length} list items`}`);
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await recorded(cdp, { profile, trace }, async () => {
    await page.goto(url, { waitUntil: 'commit' });
    // Asked without running code in the page meanwhile (a polling wait would take the slowed thread).
    await page.evaluate(() => (window as unknown as { __start: { shown: Promise<void> } }).__start.shown);
  });
  if (await page.evaluate(() => navigator.onLine)) throw new Error('the page believed it was online');
  // As a person who looks at the library a moment: the app keeps its start snapshot (a second after the list).
  if (keepSnapshot && SNAPSHOT) {
    const deadline = Date.now() + 60_000;
    const kept = () =>
      page.evaluate(
        async () => (await (await caches.match('/start-snapshot', { cacheName: 'ashar-start-snapshot' }))?.text())?.includes('record-list') ?? false,
      );
    while (!(await kept())) {
      if (Date.now() > deadline) throw new Error('the app kept no start snapshot of its list within a minute');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const start = await page.evaluate(() => {
    const seen = (window as unknown as { __start: { listMs: number; appListMs: number; longTasks: { start: number; duration: number }[] } }).__start;
    const paint = (name: string) => performance.getEntriesByName(name, 'paint')[0]?.startTime ?? Number.NaN;
    const mark = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? Number.NaN;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const tasks = seen.longTasks.filter((task) => task.start < seen.appListMs);
    return {
      answerMs: Math.round(navigation.responseEnd),
      firstPaintMs: Math.round(paint('first-paint')),
      firstContentMs: Math.round(paint('first-contentful-paint')),
      codeMs: Math.round(mark('ashar-code-ready')),
      dataMs: Math.round(mark('ashar-data-ready')),
      // Text shows no sooner than the first contentful paint: a list parsed from the page (the start
      // snapshot) before the first frame is painted in that one.
      listMs: Math.round(Math.max(seen.listMs, paint('first-contentful-paint'))),
      appListMs: Math.round(seen.appListMs),
      longestTaskMs: Math.round(Math.max(0, ...tasks.map((task) => task.duration))),
      longTasks: tasks.length,
      blockingMs: Math.round(
        tasks.reduce((sum, task) => sum + Math.max(0, task.start + task.duration - Math.max(task.start + 50, paint('first-contentful-paint'))), 0),
      ),
      tasks: tasks.map((task) => `${Math.round(task.start)}+${Math.round(task.duration)}`).join(' '),
    };
  });
  await page.close();
  const { tasks, ...timing } = start;
  if (VERBOSE) console.log(`long tasks (start+ms): ${tasks}`);
  return timing;
}

const bench = await startBenchApp('start', { distDir: DIST });
try {
  const context = await newPhone(bench.browser);
  const setup = await context.newPage();
  await setup.goto(bench.baseUrl);
  await chooseNewCommunity(setup);
  await waitForServiceWorker(setup);
  await putRecords(setup, 'caseStudies', makeCaseStudies(COUNT));
  await setup.close();

  await context.addInitScript(watchStart);
  // Chromium's offline emulation no longer reaches navigator.onLine after a navigation (150 here):
  // the page is told, as a phone without a network tells it.
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false, configurable: true }));
  await context.setOffline(true);

  const url = `${bench.baseUrl}/`;
  const helper = await context.newPage();
  await helper.goto(`${bench.baseUrl}/icons/favicon-48.png`);
  // Not counted: the first start after set-up compiles and caches the code, and keeps a snapshot.
  await oneStart(context, helper, url, { keepSnapshot: true });
  const starts: Start[] = [];
  for (let run = 0; run < RUNS; run += 1) starts.push(await oneStart(context, helper, url));
  if (PROFILE || TRACE) {
    await oneStart(context, helper, url, { profile: PROFILE, trace: TRACE });
    console.log(`One more start, not counted, recorded: ${[PROFILE, TRACE].filter(Boolean).join(', ')}`);
  }

  const columns: [keyof Start, string][] = [
    ['answerMs', 'answer ms'],
    ['firstPaintMs', 'first paint'],
    ['firstContentMs', 'first content'],
    ['codeMs', 'code ready'],
    ['dataMs', 'data ready'],
    ['listMs', 'list ms'],
    ['appListMs', "app's list ms"],
    ['longestTaskMs', 'longest task'],
    ['longTasks', 'long tasks'],
    ['blockingMs', 'blocking ms'],
  ];
  const medians = Object.fromEntries(columns.map(([key]) => [key, median(starts.map((start) => start[key]))])) as unknown as Start;
  console.log(`Offline start of /library on a phone in daily use (${COUNT} case studies), CPU slowed ${CPU_SLOWDOWN}×, ${RUNS} starts (Chromium, 360×740)`);
  console.log(`| start | ${columns.map(([, label]) => label).join(' | ')} |`);
  console.log(`| --- | ${columns.map(() => '---:').join(' | ')} |`);
  starts.forEach((start, index) => console.log(`| ${index + 1} | ${columns.map(([key]) => start[key]).join(' | ')} |`));
  console.log(`| **median** | ${columns.map(([key]) => `**${medians[key]}**`).join(' | ')} |`);
  console.log(JSON.stringify({ caseStudies: COUNT, runs: RUNS, ...medians }));
  await context.close();
} finally {
  await bench.close();
}
