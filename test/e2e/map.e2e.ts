import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseNewCommunity, putRecords, waitForServiceWorker } from './app';
import { launchBrowser, newPhone } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** Groups of assets far apart, so the whole country shows clusters of 1, 2, 3 and 4 digits. */
const GROUPS = [
  { lat: 40.53, lng: 72.8, count: 7 },
  { lat: 41.43, lng: 75.99, count: 87 },
  { lat: 42.49, lng: 78.39, count: 643 },
  { lat: 42.87, lng: 74.59, count: 2345 },
];

function assetsIn(communityId: string) {
  let n = 0;
  return GROUPS.flatMap((group) =>
    Array.from({ length: group.count }, (_, i) => {
      n += 1;
      const when = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
      return {
        id: `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
        communityId,
        name: `Булак ${n}`,
        category: 'natural',
        description: '',
        location: { lat: group.lat + (i % 50) * 0.0004, lng: group.lng + Math.floor(i / 50) * 0.0004, accuracy: 8 },
        createdBy: 'e2e',
        createdAt: when,
        updatedAt: when,
        _v: {},
        _deleted: 0,
      };
    }),
  );
}

async function currentCommunityId(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('ashar');
        open.onsuccess = () => {
          open.result.transaction('meta').objectStore('meta').get('currentCommunityId').onsuccess = (event) =>
            resolve((event.target as IDBRequest).result.value);
        };
      }),
  );
}

/** Each cluster's count, and how far its number sits from the circle's centre and from its white ring. */
async function clusters(page: Page) {
  return page.locator('.map-cluster').evaluateAll((markers) =>
    markers.map((marker) => {
      const circle = marker.getBoundingClientRect();
      const number = marker.querySelector('span')!.getBoundingClientRect();
      const ring = parseFloat(getComputedStyle(marker).borderTopWidth);
      return {
        count: marker.textContent,
        offCentre: Math.hypot(
          number.left + number.width / 2 - (circle.left + circle.width / 2),
          number.top + number.height / 2 - (circle.top + circle.height / 2),
        ),
        // The number's box, corner to corner, inside the circle within the ring.
        spare: circle.width / 2 - ring - Math.hypot(number.width / 2, number.height / 2),
        cut: marker.scrollWidth > marker.clientWidth || marker.scrollHeight > marker.clientHeight,
      };
    }),
  );
}

describe('the assets map', () => {
  it('names settlements in the reader language and draws cluster counts centred and whole, 1 to 4 digits', async () => {
    const context = await newPhone(browser, 'ky-KG');
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page, 'Карталуу');
    await waitForServiceWorker(page);
    await putRecords(page, 'assets', assetsIn(await currentCommunityId(page)), 1000);

    await page.goto(`${baseUrl}/assets/map`);
    await page.locator('.map-cluster', { hasText: '2345' }).waitFor();
    // The five largest towns are always named: in Kyrgyz, from the data's Kyrgyz names.
    const kyrgyz = await page.locator('.map-place-label').allInnerTexts();
    expect(kyrgyz.sort()).toEqual(['Бишкек', 'Жалал-Абад', 'Каракол', 'Ош', 'Токмок']);
    expect(await page.locator('.map-place-label span').first().getAttribute('lang')).toBe('ky');

    const drawn = await clusters(page);
    expect(drawn.map((cluster) => cluster.count).sort()).toEqual(['2345', '643', '7', '87']);
    for (const cluster of drawn) {
      expect(cluster.offCentre, `${cluster.count} off centre`).toBeLessThan(1);
      expect(cluster.spare, `${cluster.count} reaches the ring`).toBeGreaterThan(0);
      expect(cluster.cut, `${cluster.count} cut`).toBe(false);
    }
    // Names sit under the markers: a cluster on a town is never covered by the town's name.
    const panes = await page.evaluate(() => ({
      labels: Number(getComputedStyle(document.querySelector('.leaflet-placeLabels-pane')!).zIndex),
      markers: Number(getComputedStyle(document.querySelector('.leaflet-marker-pane')!).zIndex),
    }));
    expect(panes.labels).toBeLessThan(panes.markers);

    // In Russian, the Russian names where the data has them.
    await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
    await page.getByRole('button', { name: 'Русский' }).first().click();
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.goto(`${baseUrl}/assets/map`);
    await page.locator('.map-cluster', { hasText: '2345' }).waitFor();
    expect((await page.locator('.map-place-label').allInnerTexts()).sort()).toEqual(['Бишкек', 'Джалал-Абад', 'Каракол', 'Ош', 'Токмак']);
    await context.close();
  }, 120_000);

  it('keeps an open popup while the records under it change and the network comes and goes', async () => {
    const context = await newPhone(browser, 'ky-KG');
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page, 'Калкпайтын');
    await waitForServiceWorker(page);
    const communityId = await currentCommunityId(page);
    // Three springs far apart: each its own marker once the map fits them.
    const [first, second, third] = assetsIn(communityId).filter((_, n) => [0, 7, 94].includes(n));
    await putRecords(page, 'assets', [first, second, third]);

    await page.goto(`${baseUrl}/assets/map`);
    await expect.poll(() => page.locator('.map-asset').count()).toBe(3);
    await page.locator(`.map-asset[title="${first!.name}"]`).click();
    const popup = page.locator('.leaflet-popup-content strong');
    await popup.waitFor();

    // The app asks the server for its settings again when the network returns: the map stays as it is.
    await context.setOffline(true);
    const asked = page.waitForResponse((response) => response.url().endsWith('/api/v1/config'));
    await context.setOffline(false);
    await asked;
    // Another tab renames the second spring: its marker is redrawn, the open popup stays.
    const other = await context.newPage();
    await other.goto(`${baseUrl}/assets/${second!.id}`);
    await other.getByLabel('Аталышы').fill('Булак, жаңы аты');
    await other.getByRole('button', { name: 'Сактоо' }).click();
    await other.getByText('Ресурс ушул телефондо сакталды.').waitFor();
    await page.locator('.map-asset[title="Булак, жаңы аты"]').waitFor();
    expect(await popup.innerText()).toBe(first!.name);
    await page.getByRole('button', { name: 'Ачуу' }).click();
    await page.getByLabel('Аталышы').waitFor();
    expect(await page.getByLabel('Аталышы').inputValue()).toBe(first!.name);
    await context.close();
  }, 120_000);
});
