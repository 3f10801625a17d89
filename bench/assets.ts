// `npm run bench:assets`: 10,000 assets (one in three with a photo) in IndexedDB in real Chromium with the CPU slowed 4×
// (Emulation.setCPUThrottlingRate): the list's first paint, a filter change, and the map's first
// render with every marker (clustered). The built app, served by the real server. Times are taken
// inside the page (a busy page cannot be asked while it is busy). Last line: one JSON object.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { chooseNewCommunity, putRecords, waitForServiceWorker } from '../test/e2e/app';
import { newPhone } from '../test/e2e/browser';
import { fieldPhoto } from '../test/e2e/field-records';
import { ASSET_CATEGORIES, ASSET_CONDITIONS } from '../src/core/model';
import { BUILT_APP_DIR } from '../scripts/built-app';
import { median, tapTo } from './page-timing';
import { startBenchApp } from './bench-app';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const CPU_SLOWDOWN = 4;
const WORDS = ['суу', 'булак', 'мектеп', 'көпүрө', 'жайыт', 'айыл', 'түтүк', 'бак', 'жол', 'клуб', 'кооператив', 'жаштар', 'аялдар', 'тобу', 'оңдоо', 'керек'];

function seeded(seed: number) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const random = seeded(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const words = (min: number, max: number) => {
  const target = min + Math.floor(random() * (max - min));
  let out = '';
  while (out.length < target) out += (out ? ' ' : '') + pick(WORDS);
  return out;
};

/**
 * Taps a link (after going to `from`, if given) and returns the time until `selector` is on screen,
 * measured inside the page from the tap.
 */
/** Opens `from` first (when given), then times the tap on the link named exactly `link` until `selector` shows. */
async function tapFrom(page: import('playwright-core').Page, from: string | null, link: string, selector: string): Promise<number> {
  if (from) {
    await page.getByRole('link', { name: from }).click();
    await page.locator('h1').first().waitFor();
  }
  return tapTo(page, page.getByRole('link', { name: link, exact: true }), selector);
}

if (!existsSync(join(BUILT_APP_DIR, 'index.html'))) execSync('npm run build', { stdio: 'inherit' });
// No online tiles: the phone is in a village without a connection.
const bench = await startBenchApp('assets', { tileUrl: '' });
const { baseUrl, browser } = bench;

try {
  const context = await newPhone(browser);
  await context.addInitScript(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __shown: Record<string, number> }).__shown = marks;
    new MutationObserver(() => {
      if (!marks.list && document.querySelector('.virtual-row, .first-row')) marks.list = performance.now();
      if (!marks.map && document.querySelector('.map-asset, .map-cluster')) marks.map = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await chooseNewCommunity(page, 'Бенчмарк');
  await waitForServiceWorker(page);
  const communityId = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('ashar');
        open.onsuccess = () => {
          open.result.transaction('meta').objectStore('meta').get('currentCommunityId').onsuccess = (event) =>
            resolve((event.target as IDBRequest).result.value);
        };
      }),
  );
  // One asset in three has a photo: its record carries the thumbnail the list draws.
  const photos = await Promise.all([30, 90, 150, 210, 270, 330].map((hue) => fieldPhoto(page, hue)));
  const assets = Array.from({ length: COUNT }, (_, i) => ({
    id: `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
    communityId,
    name: `${words(8, 30)} №${i + 1}`,
    category: ASSET_CATEGORIES[i % ASSET_CATEGORIES.length],
    description: words(100, 400),
    condition: ASSET_CONDITIONS[i % ASSET_CONDITIONS.length],
    tags: [pick(WORDS)],
    // Around one rayon, as one community's volunteers would map it.
    location: { lat: 39.9 + random() * 0.5, lng: 70.5 + random() * 0.8, accuracy: Math.round(5 + random() * 40) },
    ...(i % 3 === 0 ? { photos: [photos[(i / 3) % photos.length]!] } : {}),
    createdBy: 'bench',
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    _v: {},
    _deleted: 0,
  }));
  await putRecords(page, 'assets', assets, 1000);
  await page.goto(`${baseUrl}/settings`);
  await page.getByTestId('pending-count').waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

  // List, first visit: the app opened on another screen, then a tap on "Assets" (nothing remembered).
  await page.goto(`${baseUrl}/settings`);
  await page.getByTestId('pending-count').waitFor();
  const firstVisitMs = await tapFrom(page, null, 'Ресурстар', '.virtual-row, .first-row');
  // List, fresh page load of /assets (app start included).
  await page.goto(`${baseUrl}/assets`);
  await page.locator('.virtual-row').first().waitFor({ timeout: 120_000 });
  const coldListMs = await page.evaluate(() => (window as unknown as { __shown: Record<string, number> }).__shown.list!);
  const rowsDrawn = await page.locator('.virtual-row').count();
  // List, coming back to it: three times, the median (this 2-core machine is noisy).
  const listTaps: number[] = [];
  for (let round = 0; round < 3; round += 1) listTaps.push(await tapFrom(page, 'Жөндөөлөр', 'Ресурстар', '.virtual-row, .first-row'));
  const returnMs = median(listTaps);

  // Filter: each category in turn, from the change to the new list painted.
  await page.locator('details.filters summary').click();
  // (No named inner functions: this runs in the page, without the bundler's helpers.)
  const filterTimes = await page.evaluate(
    async (categories) => {
      const select = [...document.querySelectorAll('select')].find((element) => [...element.options].some((option) => option.value === 'natural'))!;
      const times: number[] = [];
      for (const category of [...categories, '']) {
        const started = performance.now();
        select.value = category;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        // The list says which filters it was drawn for.
        while (!(document.querySelector('.virtual-list')?.getAttribute('data-filters') ?? '').includes(`"category":"${category}"`)) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        times.push(performance.now() - started);
      }
      return times;
    },
    ASSET_CATEGORIES as unknown as string[],
  );

  // Map: a tap on "Map" in the assets list until the markers (clusters) are drawn; and a fresh load.
  const mapTaps: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    if (round > 0) {
      await page.getByRole('link', { name: 'Артка' }).click();
      await page.locator('.virtual-row').first().waitFor({ timeout: 120_000 });
    }
    mapTaps.push(await tapFrom(page, null, 'Карта', '.map-asset, .map-cluster'));
  }
  const mapMs = median(mapTaps);
  await page.goto(`${baseUrl}/assets/map`);
  await page.locator('.map-asset, .map-cluster').first().waitFor({ timeout: 120_000 });
  const coldMapMs = await page.evaluate(() => (window as unknown as { __shown: Record<string, number> }).__shown.map!);
  const markersDrawn = await page.locator('.map-asset, .map-cluster').count();
  const clustered = await page.evaluate(
    () =>
      [...document.querySelectorAll('.map-cluster span')].reduce((sum, element) => sum + Number(element.textContent), 0) +
      document.querySelectorAll('.map-asset').length,
  );

  // The stricter of the two: a first visit, with nothing remembered from before.
  const result = { listMs: Math.round(Math.max(firstVisitMs, returnMs)), filterMs: Math.round(median(filterTimes)), mapMs: Math.round(mapMs) };
  console.log(`Assets with ${COUNT} records, CPU slowed ${CPU_SLOWDOWN}× (Chromium, 360×740, no network tiles)`);
  console.log(
    `list first paint      ${firstVisitMs} ms after the first tap in a session; ${returnMs} ms coming back (median of ${listTaps.join(', ')}); ${Math.round(coldListMs)} ms for a fresh page load with app start (${rowsDrawn} rows drawn of ${COUNT})`,
  );
  console.log(
    `filter change         ${result.filterMs} ms median, ${Math.round(Math.max(...filterTimes))} ms worst (${filterTimes.map((t) => Math.round(t)).join(' ')})`,
  );
  console.log(
    `map first render      ${result.mapMs} ms after the tap (median of ${mapTaps.join(', ')}); ${Math.round(coldMapMs)} ms for a fresh page load (${markersDrawn} markers and clusters drawn, covering ${clustered} assets)`,
  );
  console.log(JSON.stringify(result));
  await context.close();
} finally {
  await bench.close();
}
