// `npm run bench:lighthouse`: Lighthouse's mobile performance score and its metrics (FCP, LCP, TBT,
// Speed Index, CLS) on every main screen: welcome, library, a case study, assets, the map,
// workshops, an event, settings. Lighthouse's mobile defaults: a phone's screen, slow 4G (150 ms
// round trip, 1.6 Mbit/s down) and the CPU slowed 4×, both simulated from one unthrottled load
// (its "lantern" model).
//   cold  a first visit: each load in a headless Chromium of its own on a new profile (Lighthouse
//         also clears the origin's storage and the HTTP cache, as it always does). `/` (which sends
//         a fresh phone to the welcome screen) and each other screen's address as a first visit
//         meets it: a shared link, which on a phone without a community leads to the welcome screen.
//   warm  a phone in daily use: one Chromium profile that opened the app, chose a community (as
//         chooseNewCommunity does), whose service worker controls the app and holds every file of
//         the precache, and which holds a week in the field's records (test/e2e/field-records.ts:
//         assets, a case study, an event); Lighthouse keeps its storage (disableStorageReset), so
//         the service worker answers. Lighthouse has no model of a service worker's cache: it
//         simulates slow 4G for what the worker answers too, so the warm figures are pessimistic;
//         the "LCP seen" column is the LCP of the unthrottled load on this machine.
// The built app (BENCH_DIST, default dist: `npm run build` first), served by the real server over a
// temporary SQLite database, without online map tiles (the server names none). Chromium is launched
// here and Lighthouse drives it over its DevTools port; the warm profile is prepared through
// playwright-core over the same port. The browser asks for Kyrgyz (--accept-lang), as the e2e phones
// do. BENCH_RUNS loads per screen and mode (3), median of each figure; BENCH_SCREENS (routes, e.g.
// /library,/assets/map) and BENCH_MODES (cold,warm) restrict the run; BENCH_REPORT_DIR keeps every
// Lighthouse report (JSON) and the trace of its load (.trace) there. Prints a Markdown table per mode, Lighthouse's warnings, the load
// average and, last, one JSON line. Failing loudly when a load cannot be measured; no thresholds.
// The daily phone looks at its library until the app keeps its start snapshot, as each day;
// BENCH_SNAPSHOT=0 does not wait for one (a build from before it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { precacheEntries } from '../scripts/check-precache';
import { buildApp } from '../server/app';
import { ensureAdmin } from '../server/bootstrap';
import { openSqliteStorage } from '../server/storage/sqlite';
import { chooseNewCommunity, waitForServiceWorker } from '../test/e2e/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumMissing } from '../test/e2e/browser';
import { putFieldRecords } from '../test/e2e/field-records';
import { median } from './page-timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_SNAPSHOT=0: the daily phone is not waited on for a start snapshot (a build from before it). */
const SNAPSHOT = process.env.BENCH_SNAPSHOT !== '0';
const DIST = process.env.BENCH_DIST ?? 'dist';
const MODES = (process.env.BENCH_MODES ?? 'cold,warm').split(',').map((mode) => mode.trim());
const REPORT_DIR = process.env.BENCH_REPORT_DIR;

type Mode = 'cold' | 'warm';
/** The records a warm phone holds, by the screens that show one. */
interface Ids {
  caseStudyId: string;
  workshopId: string;
}
interface Screen {
  /** The screen's route: how the tables and the JSON line name it, and how BENCH_SCREENS picks it. */
  route: string;
  path: (mode: Mode, ids: Ids) => string;
}

const SCREENS: Screen[] = [
  { route: '/welcome', path: (mode) => (mode === 'cold' ? '/' : '/welcome') },
  { route: '/library', path: () => '/library' },
  { route: '/library/:id', path: (_, ids) => `/library/${ids.caseStudyId}` },
  { route: '/assets', path: () => '/assets' },
  { route: '/assets/map', path: () => '/assets/map' },
  { route: '/workshops', path: () => '/workshops' },
  { route: '/workshops/:id', path: (_, ids) => `/workshops/${ids.workshopId}` },
  { route: '/settings', path: () => '/settings' },
];
/** A first visit follows a link to a record it does not have yet: the ids the warm phone's records get (putFieldRecords). */
const LINKED_IDS: Ids = { caseStudyId: 'f1e1d000-0000-4000-8000-00000000000b', workshopId: 'f1e1d000-0000-4000-8000-000000000015' };

interface Figures {
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  siMs: number;
  cls: number;
  /** LCP of the unthrottled load Lighthouse recorded (what the simulation starts from). */
  lcpSeenMs: number;
}
interface ScreenResult extends Figures {
  /** Where the page was at the end of the load (the app may redirect). */
  landed: string;
}

const wanted = process.env.BENCH_SCREENS?.split(',').map((route) => route.trim());
const screens = wanted ? SCREENS.filter((screen) => wanted.includes(screen.route)) : SCREENS;
const unknownScreens = (wanted ?? []).filter((route) => !SCREENS.some((screen) => screen.route === route));
const unknownModes = MODES.filter((mode) => mode !== 'cold' && mode !== 'warm');
if (unknownScreens.length > 0 || unknownModes.length > 0 || !(RUNS >= 1)) {
  console.error(
    `BENCH_SCREENS takes ${SCREENS.map((screen) => screen.route).join(',')}; BENCH_MODES takes cold,warm; BENCH_RUNS a count (got ${[...unknownScreens, ...unknownModes, RUNS].join(', ')}).`,
  );
  process.exit(1);
}
if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'sw.js'))) {
  console.error(`No built app in ${DIST}/: run npm run build first (or set BENCH_DIST).`);
  process.exit(1);
}
const missingChromium = chromiumMissing();
if (missingChromium) {
  console.error(missingChromium);
  process.exit(1);
}

// Cleaned up in `finally`, and on Ctrl-C (Chromium runs in its own process group and would outlive us).
const chromiums = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
};
const killChromiums = () => {
  for (const child of chromiums) signalGroup(child, 'SIGKILL');
};
const removeTempDirs = () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChromiums();
    removeTempDirs();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `ashar-bench-lighthouse-${name}-`));
  tempDirs.add(dir);
  return dir;
};

/**
 * A headless Chromium with its own profile directory and a DevTools port (what Lighthouse connects
 * to), started as its own process group (/usr/bin/chromium is a shell script that starts the browser).
 */
async function startChromium(profileDir: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, '--accept-lang=ky-KG,ky', 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  chromiums.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port within 30 s: ${said.slice(-1000)}`)), 30_000);
    const onData = (chunk: Buffer) => {
      said += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:/]+:(\d+)\//.exec(said);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.stderr!.resume(); // keeps draining what it says, unread
      resolve(Number(match[1]));
    };
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`Chromium exited (${child.exitCode}) before it listened: ${said.slice(-1000)}`)));
  });
  return {
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, 'SIGTERM');
        const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      chromiums.delete(child);
    },
  };
}

/** See test/e2e/browser.ts: functions compiled by tsx and sent to the page call `__name`. */
const KEEP_NAMES_SHIM = 'globalThis.__name ??= (target) => target;';

/**
 * Makes the profile a phone in daily use: opens the app, chooses a community, waits until the
 * service worker controls the page and its precache holds every file the build lists, and puts a
 * week in the field's records on the phone. Returns the case study's and the event's ids.
 */
async function prepareDailyPhone(port: number, baseUrl: string): Promise<Ids> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const context = browser.contexts()[0]!;
    await context.addInitScript(KEEP_NAMES_SHIM);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page);
    await waitForServiceWorker(page);
    const all = precacheEntries(DIST).map((entry) => entry.url);
    const started = Date.now();
    for (;;) {
      const missing = await page.evaluate(async (urls) => {
        if (navigator.serviceWorker.controller === null) return urls;
        const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'));
        if (!name) return urls;
        const held = new Set((await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname.slice(1)));
        return urls.filter((url) => !held.has(url));
      }, all);
      if (missing.length === 0) break;
      if (Date.now() - started > 120_000)
        throw new Error(`the precache still lacks ${missing.length} files after two minutes: ${missing.slice(0, 5).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { caseStudyId, workshopId } = await putFieldRecords(page);
    // The record screens show the records (not "not found"), from the service worker's copy of the app.
    await page.goto(`${baseUrl}/library/${caseStudyId}`);
    await page.getByText('Жергиликтүү бюджеттин ачыктыгын жогорулатуу').first().waitFor({ timeout: 30_000 });
    await page.goto(`${baseUrl}/workshops/${workshopId}`);
    await page.getByText('Тажрыйба алмашуу сапары').first().waitFor({ timeout: 30_000 });
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) throw new Error('the service worker does not control the app');
    // The library looked at a moment, as each day: the app keeps the start snapshot of its list.
    await page.goto(`${baseUrl}/library`);
    const looked = Date.now();
    const snapshotKept = () =>
      page.evaluate(
        async () => (await (await caches.match('/start-snapshot', { cacheName: 'ashar-start-snapshot' }))?.text())?.includes('record-list') ?? false,
      );
    while (SNAPSHOT && !(await snapshotKept())) {
      if (Date.now() - looked > 60_000) throw new Error('the app kept no start snapshot of the library within a minute');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await page.close();
    return { caseStudyId, workshopId };
  } finally {
    // Over CDP this only disconnects: the browser, its profile and its service worker stay.
    await browser.close();
  }
}

const warningsSeen = new Map<string, Set<string>>();
/** Lighthouse's version and its measure of this machine's speed (benchmarkIndex) per load. */
const lighthouseVersions = new Set<string>();
const benchmarkIndexes: number[] = [];

async function measure(port: number, url: string, mode: Mode, route: string, run: number): Promise<ScreenResult> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    onlyCategories: ['performance'],
    disableStorageReset: mode === 'warm',
    logLevel: 'error',
    ...(process.env.BENCH_TRACE_CATEGORIES ? { additionalTraceCategories: process.env.BENCH_TRACE_CATEGORIES } : {}),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${mode} ${url}`);
  const lhr: Result = result.lhr;
  if (REPORT_DIR) {
    mkdirSync(REPORT_DIR, { recursive: true });
    const name = `${mode}${route.replace(/[/:]+/g, '-')}-${run}`;
    writeFileSync(join(REPORT_DIR, `${name}.json`), JSON.stringify(lhr));
    // The load's trace, as Lighthouse recorded it (for Chromium's performance panel).
    const trace = (result.artifacts as { Trace?: unknown }).Trace;
    if (trace) writeFileSync(join(REPORT_DIR, `${name}.trace`), JSON.stringify(trace));
  }
  lighthouseVersions.add(lhr.lighthouseVersion);
  benchmarkIndexes.push(lhr.environment.benchmarkIndex);
  if (lhr.runtimeError) throw new Error(`Lighthouse could not measure ${mode} ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  for (const warning of lhr.runWarnings) {
    const text = typeof warning === 'string' ? warning : JSON.stringify(warning);
    warningsSeen.set(text, (warningsSeen.get(text) ?? new Set()).add(`${mode} ${route}`));
  }
  const numeric = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (typeof value !== 'number') throw new Error(`Lighthouse has no ${id} for ${mode} ${url}: ${lhr.audits[id]?.errorMessage ?? 'audit missing'}`);
    return value;
  };
  const score = lhr.categories.performance?.score;
  if (typeof score !== 'number') throw new Error(`Lighthouse gave no performance score for ${mode} ${url}`);
  const observed = (lhr.audits.metrics?.details as { items?: { observedLargestContentfulPaint?: number }[] } | undefined)?.items?.[0];
  return {
    score: Math.round(score * 100),
    fcpMs: Math.round(numeric('first-contentful-paint')),
    lcpMs: Math.round(numeric('largest-contentful-paint')),
    tbtMs: Math.round(numeric('total-blocking-time')),
    siMs: Math.round(numeric('speed-index')),
    cls: Math.round(numeric('cumulative-layout-shift') * 1000) / 1000,
    lcpSeenMs: Math.round(observed?.observedLargestContentfulPaint ?? Number.NaN),
    landed: new URL(lhr.finalDisplayedUrl).pathname,
  };
}

/** Runs `body` with a Chromium on a new profile directory; stops it and removes the directory after. */
async function withChromium<T>(name: string, body: (port: number) => Promise<T>): Promise<T> {
  const profile = tempDir(name);
  const browser = await startChromium(profile);
  try {
    return await body(browser.port);
  } finally {
    await browser.stop();
    rmSync(profile, { recursive: true, force: true });
    tempDirs.delete(profile);
  }
}

/** Medians of each figure over the loads. */
function medians(runs: readonly ScreenResult[]): ScreenResult {
  const of = (key: keyof Figures) => median(runs.map((one) => one[key]));
  return {
    score: of('score'),
    fcpMs: of('fcpMs'),
    lcpMs: of('lcpMs'),
    tbtMs: of('tbtMs'),
    siMs: of('siMs'),
    cls: of('cls'),
    lcpSeenMs: of('lcpSeenMs'),
    landed: [...new Set(runs.map((one) => one.landed))].join(' or '),
  };
}

/** A first visit: each load in a Chromium of its own, on a new profile (Lighthouse clears the origin's storage too). */
async function runCold(baseUrl: string): Promise<Record<string, ScreenResult>> {
  const results: Record<string, ScreenResult> = {};
  for (const screen of screens) {
    const runs: ScreenResult[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      runs.push(await withChromium('cold', (port) => measure(port, baseUrl + screen.path('cold', LINKED_IDS), 'cold', screen.route, run)));
    }
    results[screen.route] = medians(runs);
    process.stderr.write(`cold ${screen.route}: scores ${runs.map((one) => one.score).join(', ')}\n`);
  }
  return results;
}

/** A phone in daily use: one Chromium whose profile is prepared once, then every load with its storage kept. */
function runWarm(baseUrl: string): Promise<Record<string, ScreenResult>> {
  return withChromium('warm', async (port) => {
    const ids = await prepareDailyPhone(port, baseUrl);
    const results: Record<string, ScreenResult> = {};
    for (const screen of screens) {
      const runs: ScreenResult[] = [];
      for (let run = 1; run <= RUNS; run += 1) runs.push(await measure(port, baseUrl + screen.path('warm', ids), 'warm', screen.route, run));
      results[screen.route] = medians(runs);
      process.stderr.write(`warm ${screen.route}: scores ${runs.map((one) => one.score).join(', ')}\n`);
    }
    return results;
  });
}

function printTable(mode: Mode, results: Record<string, ScreenResult>) {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const title =
    mode === 'cold'
      ? 'cold: a first visit (each load on a new Chromium profile)'
      : 'warm: a phone in daily use (community chosen, whole app precached, records on the phone)';
  console.log(`\n### ${title}\n`);
  console.log('| screen | opened | landed on | score | FCP s | LCP s | TBT ms | SI s | CLS | LCP seen s |');
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const screen of screens) {
    const result = results[screen.route]!;
    const opened = screen.path(mode, { caseStudyId: ':id', workshopId: ':id' });
    console.log(
      `| ${screen.route} | ${opened} | ${result.landed} | ${result.score} | ${s(result.fcpMs)} | ${s(result.lcpMs)} | ${result.tbtMs} | ${s(result.siMs)} | ${result.cls} | ${s(result.lcpSeenMs)} |`,
    );
  }
}

const loadBefore = loadavg();
const workDir = tempDir('server');
const storage = openSqliteStorage(join(workDir, 'ashar.sqlite'));
await ensureAdmin(storage, 'bench-admin-password');
const app = await buildApp({ storage, distDir: DIST, blobDir: join(workDir, 'blobs'), version: 'bench', tileUrl: '' });
const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
const started = Date.now();
try {
  const all: Partial<Record<Mode, Record<string, ScreenResult>>> = {};
  if (MODES.includes('cold')) all.cold = await runCold(baseUrl);
  if (MODES.includes('warm')) all.warm = await runWarm(baseUrl);
  const version = [...lighthouseVersions].join(', ');
  const benchmarkIndex = median(benchmarkIndexes);
  console.log(
    `Lighthouse ${version} mobile (simulated slow 4G, CPU 4×), built app from ${DIST}/, median of ${RUNS} loads per screen; this machine's benchmarkIndex ${benchmarkIndex}`,
  );
  for (const mode of ['cold', 'warm'] as const) if (all[mode]) printTable(mode, all[mode]);
  if (warningsSeen.size > 0) {
    console.log('\nLighthouse warnings:');
    for (const [warning, where] of warningsSeen) console.log(`- ${warning} (${[...where].join(', ')})`);
  }
  const loadAfter = loadavg();
  console.log(
    `\n${Math.round((Date.now() - started) / 1000)} s; load average ${loadBefore.map((load) => load.toFixed(2)).join(' ')} before, ${loadAfter.map((load) => load.toFixed(2)).join(' ')} after`,
  );
  const summary: Record<string, unknown> = {};
  for (const mode of ['cold', 'warm'] as const) {
    if (!all[mode]) continue;
    summary[mode] = Object.fromEntries(
      Object.entries(all[mode]).map(([route, { score, fcpMs, lcpMs, tbtMs, siMs, cls }]) => [route, { score, fcpMs, lcpMs, tbtMs, siMs, cls }]),
    );
  }
  const scores = Object.values(all).flatMap((results) => Object.values(results).map((result) => result.score));
  console.log(JSON.stringify({ ...summary, minScore: Math.min(...scores), runs: RUNS, lighthouse: version, benchmarkIndex }));
} finally {
  killChromiums();
  await app.close();
  await storage.close();
  removeTempDirs();
}
