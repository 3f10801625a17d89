import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseNewCommunity, waitForServiceWorker } from './app';
import { launchBrowser, newPhone } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('asset mapping in the field', () => {
  it('captures an asset offline with GPS and a big photo: stored shrunk, listed, exported and parsed back', async () => {
    // The app's real security policy stays on: the map and charts must work under it.
    const context = await newPhone(browser, 'ky-KG', {
      geolocation: { latitude: 40.061234, longitude: 70.820123, accuracy: 12 },
      permissions: ['geolocation'],
      acceptDownloads: true,
      bypassCSP: false,
    });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page, 'Самаркандек');
    await waitForServiceWorker(page);

    // A camera-sized test picture (3000×2000), made in the browser.
    const photo = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(3000, 2000);
      const context = canvas.getContext('2d')!;
      // Smooth colour with fine grain, like a real photo: big as a JPEG, not pathological.
      const image = context.createImageData(3000, 2000);
      let seed = 1;
      for (let y = 0; y < 2000; y += 1) {
        for (let x = 0; x < 3000; x += 1) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          const grain = (seed >> 16) % 24;
          const offset = (y * 3000 + x) * 4;
          image.data[offset] = (x / 12 + grain) & 255;
          image.data[offset + 1] = (y / 8 + grain) & 255;
          image.data[offset + 2] = ((x + y) / 20 + grain) & 255;
          image.data[offset + 3] = 255;
        }
      }
      context.putImageData(image, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    });

    // The volunteer asks for 10 m precision in Settings.
    await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
    await page.getByLabel('GPS жайгашкан жеринин тактыгы мындан начар болсо эскертүү').selectOption({ label: '10 м' });

    await context.setOffline(true);
    await page.getByRole('link', { name: 'Ресурстар' }).click();
    await page.getByRole('link', { name: 'Кошуу' }).click();
    await page.locator('.category-choice', { hasText: 'Жаратылыш ресурсу' }).click();
    await page.getByLabel('Аталышы').fill('Жогорку булак, "таза"');
    await page.getByLabel('Сүрөттөмө').fill('=1+1 жайкысын кургабайт');
    await page.locator('.segment', { hasText: 'Жакшы' }).click();
    await page.getByRole('button', { name: 'Жайгашкан жеримди табуу (GPS)' }).click();
    await page.getByTestId('live-accuracy').filter({ hasText: '12' }).waitFor();
    // 12 m is worse than the 10 m asked for: warned, and still usable.
    await page.getByText('Тактыгы 10 м начар.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ушул жерди колдонуу' }).click();
    await page.getByTestId('location-value').waitFor();
    await page.getByLabel('Колдонуу боюнча талаш').fill('Эки айыл суу үчүн талашат');
    await page.locator('input[type="file"]').setInputFiles({ name: 'camera.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo, 'base64') });
    await page.getByText('Жазуу менен бирге сакталат').waitFor();
    await page.getByRole('button', { name: 'Сактоо' }).click();
    await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
    // The notice shows at once; the list a moment later, once read from the database.
    await page.locator('.record-title').first().waitFor();
    expect(await page.locator('.record-title').allTextContents()).toEqual(['Жогорку булак, "таза"']);

    const stored = await page.evaluate(
      () =>
        new Promise<{ width: number; height: number; size: number; mime: string; asset: { location: unknown; photos: { thumb?: string }[] } }>((resolve) => {
          const open = indexedDB.open('ashar');
          open.onsuccess = () => {
            const tx = open.result.transaction(['photos', 'assets'], 'readonly');
            tx.objectStore('photos').getAll().onsuccess = (event) => {
              const [photoRecord] = (event.target as IDBRequest).result;
              tx.objectStore('assets').getAll().onsuccess = (e) => {
                const [asset] = (e.target as IDBRequest).result;
                resolve({ width: photoRecord.width, height: photoRecord.height, size: photoRecord.blob.size, mime: photoRecord.mime, asset });
              };
            };
          };
        }),
    );
    expect(Buffer.from(photo, 'base64').length).toBeGreaterThan(300 * 1024);
    expect(Math.max(stored.width, stored.height)).toBe(1600);
    expect(stored.size).toBeLessThanOrEqual(300 * 1024);
    expect(stored.mime).toBe('image/webp');
    expect(stored.asset.location).toEqual({ lat: 40.061234, lng: 70.820123, accuracy: 12 });
    expect(stored.asset.photos[0]!.thumb).toMatch(/^data:image\/webp;base64,/);

    // Exports of what the list shows, parsed back.
    // Listen before the tap: a quick export can finish before a listener added after it.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV жүктөө' }).click()]);
    const csvBytes = readFileSync((await csvDownload.path())!);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Record<string, string>>(csvBytes.subarray(3).toString('utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: 'Жогорку булак, "таза"',
      category: 'natural',
      category_ky: 'Жаратылыш ресурсу',
      category_en: 'Natural',
      condition: 'good',
      description: "'=1+1 жайкысын кургабайт",
      dispute: 'Эки айыл суу үчүн талашат',
      latitude: '40.061234',
      longitude: '70.820123',
      accuracy_m: '12',
      photos: '1',
    });
    const [geoDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'GeoJSON жүктөө' }).click()]);
    const geo = JSON.parse(readFileSync((await geoDownload.path())!, 'utf8'));
    expect(geo.features[0].geometry).toEqual({ type: 'Point', coordinates: [70.820123, 40.061234] });
    expect(geo.features[0].properties).toMatchObject({ name: 'Жогорку булак, "таза"', category_ru: expect.any(String), condition: 'good' });

    // On the map, offline: the country's outline (the background, SVG in a pane of its own) and
    // the asset's marker; tapping it opens it.
    await page.getByRole('link', { name: 'Карта' }).click();
    await page.locator('.map-asset').first().waitFor();
    await page.locator('.leaflet-basemap-pane svg path').first().waitFor();
    await page.locator('.map-asset').first().click();
    await page.getByRole('button', { name: 'Ачуу' }).click();
    await page.getByRole('heading', { name: 'Ресурсту түзөтүү' }).waitFor();

    // A map tile archive for the area, imported offline, draws its tiles from the phone.
    const { pmtilesArchive } = await import('../pmtiles-fixture');
    const png = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(256, 256);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#7cb342';
      context.fillRect(0, 0, 256, 256);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      return Array.from(bytes);
    });
    await page.getByRole('link', { name: 'Артка' }).click();
    await page.getByRole('link', { name: 'Карта' }).click();
    await page
      .locator('#layer-file')
      .setInputFiles({ name: 'rayon.pmtiles', mimeType: 'application/octet-stream', buffer: Buffer.from(pmtilesArchive(Uint8Array.from(png))) });
    await page.getByText('rayon (1 плитка)').waitFor();
    await expect
      .poll(() =>
        page
          .locator('.leaflet-tile-pane img[src^="blob:"]')
          .evaluateAll((images) => images.filter((image) => (image as HTMLImageElement).naturalWidth === 256).length),
      )
      .toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Артка' }).click();

    // A second asset placed by hand on the offline map (no GPS): tap the map, use the pin.
    await page.getByRole('link', { name: 'Ресурстар' }).click();
    await page.getByRole('link', { name: 'Кошуу' }).click();
    await page.locator('.category-choice', { hasText: 'Инфраструктура' }).click();
    await page.getByLabel('Аталышы').fill('Көпүрө');
    await page.getByRole('button', { name: 'Картага коюу' }).click();
    const pinMap = page.getByTestId('pin-map');
    await pinMap.locator('.map-pin').waitFor();
    await pinMap.click({ position: { x: 120, y: 150 } });
    await page.getByRole('button', { name: 'Төөнөгүчтүн ордун колдонуу' }).click();
    await page.getByTestId('location-value').waitFor();
    await page.getByRole('button', { name: 'Сактоо' }).click();
    await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
    const placed = await page.evaluate(
      () =>
        new Promise<{ lat: number; lng: number; accuracy?: number }>((resolve) => {
          const open = indexedDB.open('ashar');
          open.onsuccess = () => {
            open.result.transaction('assets').objectStore('assets').getAll().onsuccess = (event) => {
              resolve(
                ((event.target as IDBRequest).result as { name: string; location: { lat: number; lng: number } }[]).find((asset) => asset.name === 'Көпүрө')!
                  .location,
              );
            };
          };
        }),
    );
    // Somewhere in Kyrgyzstan's map view, with no GPS accuracy since it was placed by hand.
    expect(placed.lat).toBeGreaterThan(38);
    expect(placed.lat).toBeLessThan(44);
    expect(placed.lng).toBeGreaterThan(68);
    expect(placed.lng).toBeLessThan(81);
    expect(placed.accuracy).toBeUndefined();

    // The summary counts it by category and condition (chart and table).
    await page.getByRole('link', { name: 'Жыйынтык' }).click();
    await page.getByTestId('by-category').locator('canvas').waitFor();
    expect(
      await page
        .getByTestId('by-category')
        .getByRole('row', { name: /Жаратылыш ресурсу/ })
        .locator('td')
        .innerText(),
    ).toBe('1');
    expect(await page.getByTestId('by-condition').getByRole('row', { name: /Жакшы/ }).locator('td').innerText()).toBe('1');
    await page.getByRole('link', { name: 'Артка' }).click();

    // The saved asset shows its photo, waiting to be sent.
    await page.getByRole('link', { name: /Жогорку булак/ }).click();
    await page.getByText('Жөнөтүлүүнү күтүүдө').waitFor();
    await context.close();
  });
});
