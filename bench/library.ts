// `npm run bench:library`: 5,000 case studies in IndexedDB in real Chromium, with the CPU slowed 4×
// (Emulation.setCPUThrottlingRate): time to open the library, time from a keystroke in the search
// box to the results on screen (p50, p95), and the storage used. The app is the built one, served
// by the real server. Chromium slows only the page's own thread, not the search worker, so the
// run is repeated with workers switched off (the whole index on the slowed page thread) as the
// worst case. Prints a table and, last, one JSON line (the worst case's numbers).
// BENCH_VERBOSE=1 prints each keystroke's time; BENCH_PROFILE=file.cpuprofile and/or
// BENCH_TRACE=file.json record one more pass of the search (with the worker), not counted.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { chooseNewCommunity, putRecords, waitForServiceWorker } from '../test/e2e/app';
import { newPhone } from '../test/e2e/browser';
import { BUILT_APP_DIR } from '../scripts/built-app';
import { keystrokesOf, percentile, recorded, timeKeystrokes } from './page-timing';
import { startBenchApp } from './bench-app';
import { makeCaseStudies } from './case-studies';

const COUNT = Number(process.env.BENCH_COUNT ?? 5000);
const CPU_SLOWDOWN = 4;
const PROFILE = process.env.BENCH_PROFILE;
const TRACE = process.env.BENCH_TRACE;

if (!existsSync(join(BUILT_APP_DIR, 'index.html'))) execSync('npm run build', { stdio: 'inherit' });
const bench = await startBenchApp('library');
const { baseUrl, browser } = bench;

const QUERIES = ['жайыт комитет', 'бюджет', 'пастбище', 'water pipeline', 'тушунуктуу', 'салык'];

async function run(mode: 'worker' | 'page') {
  const context = await newPhone(browser);
  if (mode === 'page') await context.addInitScript(() => Reflect.deleteProperty(window, 'Worker'));
  // Records when the library list first appears, from inside the page: a busy page thread cannot
  // be asked while it is busy, so asking afterwards would measure too late.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.library-results .record-list')) {
        (window as unknown as { __listShownAt: number }).__listShownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await chooseNewCommunity(page);
  await waitForServiceWorker(page);
  const docs = makeCaseStudies(COUNT);
  await putRecords(page, 'caseStudies', docs);
  const storageMB = await page.evaluate(async () => ((await navigator.storage.estimate()).usage ?? 0) / 1024 / 1024);
  await page.goto(`${baseUrl}/settings`);
  await page.getByTestId('pending-count').waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

  // Open: from a fresh page load of /library to the first results on screen (app start included).
  await page.goto(`${baseUrl}/library`);
  await page.locator('.library-results .record-list').waitFor({ timeout: 120_000 });
  const openMs = await page.evaluate(() => (window as unknown as { __listShownAt: number }).__listShownAt);
  // Keystrokes are measured once the search index is built (its build time is reported too).
  await page.locator('.library-results[data-query=""]').waitFor({ timeout: 120_000 });
  const indexMs = await page.evaluate(() => {
    const mark = performance.getEntriesByName('ashar-search-index-built').at(-1) as PerformanceMark | undefined;
    return (mark?.detail as { buildMs?: number } | undefined)?.buildMs ?? null;
  });

  // Keystrokes: each prefix of each query, from the input event to the answer painted.
  const keystrokes = keystrokesOf(QUERIES);
  const times = await timeKeystrokes(page, '.library-results', keystrokes, true);
  const roundTrips = await page.evaluate(() => performance.getEntriesByName('ashar-search-round-trip').map((entry) => Math.round(entry.duration)));
  if (process.env.BENCH_VERBOSE && roundTrips.length > 0) console.log(`worker round trips (ms): ${roundTrips.slice(-keystrokes.length).join(' ')}`);
  if (process.env.BENCH_VERBOSE)
    console.log(
      keystrokes
        .filter((value) => value !== '')
        .map((value, index) => `${value}:${Math.round(times[index]!)}`)
        .join(' '),
    );
  if (mode === 'worker' && (PROFILE || TRACE)) {
    await recorded(cdp, { profile: PROFILE, trace: TRACE }, () => timeKeystrokes(page, '.library-results', keystrokes, true));
  }
  await context.close();
  return {
    indexMs,
    openMs: Math.round(openMs),
    searchP50Ms: Math.round(percentile(times, 50)),
    searchP95Ms: Math.round(percentile(times, 95)),
    storageMB: Math.round(storageMB * 10) / 10,
    keystrokes: times.length,
  };
}

try {
  const withWorker = await run('worker');
  const onPage = process.env.BENCH_SKIP_PAGE ? withWorker : await run('page');
  console.log(`Library with ${COUNT} case studies, CPU slowed ${CPU_SLOWDOWN}× (Chromium, 360×740)`);
  console.log('mode                      open ms  search p50  search p95  storage MB  keystrokes  index build ms (worker, not slowed)');
  for (const [name, result] of [
    ['search worker (the app)', withWorker],
    ['no worker (worst case)', onPage],
  ] as const) {
    console.log(
      `${name.padEnd(26)}${String(result.openMs).padStart(7)}${String(result.searchP50Ms).padStart(12)}${String(result.searchP95Ms).padStart(12)}${String(result.storageMB).padStart(12)}${String(result.keystrokes).padStart(12)}  ${result.indexMs ?? '-'}`,
    );
  }
  console.log(
    JSON.stringify({
      openMs: withWorker.openMs,
      searchP50Ms: withWorker.searchP50Ms,
      searchP95Ms: withWorker.searchP95Ms,
      storageMB: withWorker.storageMB,
      worstCase: { openMs: onPage.openMs, searchP50Ms: onPage.searchP50Ms, searchP95Ms: onPage.searchP95Ms },
    }),
  );
} finally {
  await bench.close();
}
