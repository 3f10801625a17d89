// `npm run bench:offline`: how long a fresh phone on the rural-3G model (300 ms round trip, 50 kB/s
// down, 25 kB/s up: the model of bench/sync.ts) waits, from opening the app, until
//   welcome     the first screen shows;
//   controlled  the service worker answers the page: from then on a reload offline opens the app;
//   core        the main screens' code (precache tiers shell and core) is on the phone and served;
//   ready       everything the app precaches is on the phone: it works offline in full.
// The built app, served by the real server behind a throttling relay (test/e2e/throttled-link.ts)
// that slows the page and the service worker alike. Times are read by polling the page's caches
// every 100 ms (a sample, so up to 0.1 s late). Runs three fresh phones; prints each run, the medians and, last, one JSON line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { precacheEntries } from '../scripts/check-precache';
import { newPhone } from '../test/e2e/browser';
import { RURAL_3G, startThrottledLink } from '../test/e2e/throttled-link';
import { median } from './page-timing';
import { startBenchApp } from './bench-app';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DIST = process.env.BENCH_DIST ?? 'dist';

interface Run {
  welcomeMs: number;
  controlledMs: number;
  coreMs: number;
  readyMs: number;
  downKB: number;
}

/** Precached URLs of the shell and core tiers (a build without tiers counts everything as core). */
function coreUrls(): string[] {
  return precacheEntries(DIST)
    .filter((entry) => entry.tier === undefined || entry.tier <= 1)
    .map((entry) => entry.url);
}

async function oneRun(browser: Browser, serverUrl: string): Promise<Run> {
  const link = await startThrottledLink(serverUrl);
  const context = await newPhone(browser);
  try {
    const page = await context.newPage();
    const all = precacheEntries(DIST).map((entry) => entry.url);
    const core = coreUrls();
    const started = Date.now();
    await page.goto(link.url, { waitUntil: 'commit' });
    await page.getByRole('heading', { name: 'Ашарга кош келиңиз' }).waitFor({ timeout: 120_000 });
    const welcomeMs = Date.now() - started;
    const times = { controlled: 0, core: 0, ready: 0 };
    // Polls the phone's precache: whether the worker answers the page and holds every listed URL.
    const cached = async (urls: string[]) => {
      const holds = () =>
        page.evaluate(async (wanted) => {
          if (navigator.serviceWorker.controller === null) return false;
          const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'));
          if (!name) return false;
          const held = new Set((await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname.slice(1)));
          return wanted.every((url) => held.has(url));
        }, urls);
      while (!(await holds())) {
        if (Date.now() - started > 300_000) throw new Error('not ready after five minutes');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await cached([]);
    times.controlled = Date.now() - started;
    await cached(core);
    times.core = Date.now() - started;
    await cached(all);
    times.ready = Date.now() - started;
    return { welcomeMs, controlledMs: times.controlled, coreMs: times.core, readyMs: times.ready, downKB: Math.round(link.bytesDown() / 1024) };
  } finally {
    await context.close();
    await link.close();
  }
}

if (!existsSync(join(DIST, 'sw.js'))) throw new Error(`${DIST}/ has no built app: run npm run build first`);
const bench = await startBenchApp('offline', { distDir: DIST, tileUrl: '' });
const { baseUrl: serverUrl, browser } = bench;
try {
  const runs: Run[] = [];
  console.log(`rural-3G model: ${RURAL_3G.rttMs} ms round trip, ${RURAL_3G.downBytesPerSecond / 1000} kB/s down, ${RURAL_3G.upBytesPerSecond / 1000} kB/s up`);
  console.log('run   welcome s  controlled s   core s   ready s   down KB');
  for (let run = 1; run <= RUNS; run += 1) {
    const result = await oneRun(browser, serverUrl);
    runs.push(result);
    const s = (ms: number) => (ms / 1000).toFixed(1).padStart(9);
    console.log(
      `${String(run).padEnd(4)}${s(result.welcomeMs)}${s(result.controlledMs)}   ${s(result.coreMs)}${s(result.readyMs)}${String(result.downKB).padStart(10)}`,
    );
  }
  const summary = {
    welcomeMs: median(runs.map((run) => run.welcomeMs)),
    controlledMs: median(runs.map((run) => run.controlledMs)),
    coreMs: median(runs.map((run) => run.coreMs)),
    readyMs: median(runs.map((run) => run.readyMs)),
    downKB: median(runs.map((run) => run.downKB)),
    runs: runs.length,
  };
  console.log(JSON.stringify(summary));
} finally {
  await bench.close();
}
