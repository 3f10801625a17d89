import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseNewCommunity, waitForServiceWorker } from './app';
import { launchBrowser, newPhone } from './browser';

const baseUrl = inject('baseUrl');
const SCREENSHOT_DIR = 'test-results/screenshots';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser.close();
});

/** A small camera-like JPEG, made in the page. */
async function testPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(400, 300);
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, 400, 300);
    gradient.addColorStop(0, '#2e7d32');
    gradient.addColorStop(1, '#90caf9');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 400, 300);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

/** Moves every waiting change and file back four days, as if the phone had been offline since. */
async function ageWaitingWork(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const then = new Date(Date.now() - 4 * 24 * 3600 * 1000).toISOString();
        const open = indexedDB.open('ashar');
        open.onsuccess = () => {
          const tx = open.result.transaction(['outbox', 'photos'], 'readwrite');
          for (const [name, field] of [
            ['outbox', 'queuedAt'],
            ['photos', 'createdAt'],
          ] as const) {
            tx.objectStore(name).openCursor().onsuccess = (event) => {
              const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
              if (!cursor) return;
              cursor.update({ ...cursor.value, [field]: then });
              cursor.continue();
            };
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

function countRows(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('ashar');
        open.onsuccess = () => {
          open.result.transaction(name).objectStore(name).count().onsuccess = (event) => resolve((event.target as IDBRequest<number>).result);
        };
      }),
    store,
  );
}

describe('backup and transfer without any network', () => {
  it('carries an offline asset and its photo to another phone in a file; a damaged copy is refused', async () => {
    // Phone A, offline in the field: an asset with a photo.
    const contextA = await newPhone(browser, 'ky-KG', { acceptDownloads: true, bypassCSP: false });
    const pageA = await contextA.newPage();
    await pageA.goto(baseUrl);
    await chooseNewCommunity(pageA, 'Ак-Сай');
    await waitForServiceWorker(pageA);
    const photo = await testPhoto(pageA);
    await contextA.setOffline(true);
    await pageA.getByRole('link', { name: 'Ресурстар' }).click();
    await pageA.getByRole('link', { name: 'Кошуу' }).click();
    await pageA.locator('.category-choice', { hasText: 'Жаратылыш ресурсу' }).click();
    await pageA.getByLabel('Аталышы').fill('Тоо булагы');
    await pageA.getByLabel('Сүрөттөмө').fill('Айылдын үстүндөгү булак.');
    await pageA.locator('input[type="file"]').setInputFiles({ name: 'spring.jpg', mimeType: 'image/jpeg', buffer: photo });
    await pageA.getByText('Жазуу менен бирге сакталат').waitFor();
    await pageA.getByRole('button', { name: 'Сактоо' }).click();
    await pageA.getByText('Ресурс ушул телефондо сакталды.').waitFor();

    // Four days later, still offline: the storage screen warns and offers a backup file.
    await ageWaitingWork(pageA);
    await pageA.goto(`${baseUrl}/settings`);
    await pageA.getByRole('link', { name: 'Сактагычтын абалы' }).click();
    await pageA.getByTestId('stale-warning').waitFor();
    await expect(pageA.getByTestId('stale-warning').innerText()).resolves.toContain('4 күн мурун');
    expect(Number(await pageA.getByTestId('health-changes').innerText())).toBeGreaterThan(0);
    await expect(pageA.getByTestId('health-files').innerText()).resolves.toMatch(/^1 · /);
    await pageA.screenshot({ path: `${SCREENSHOT_DIR}/backup-storage-health-ky.png`, fullPage: true });
    await pageA.getByRole('link', { name: 'Камдык көчүрмө файлын түзүү' }).click();

    // The file of unsent work, saved through the browser's download.
    await pageA.getByRole('heading', { name: 'Камдык көчүрмө файлы', level: 1 }).waitFor();
    const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByRole('button', { name: 'Файлды түзүү' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^ashar-backup-ак-сай-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
    const file = readFileSync((await download.path())!);
    await pageA.getByTestId('backup-made').waitFor();
    await pageA.screenshot({ path: `${SCREENSHOT_DIR}/backup-export-ky.png` });
    const header = JSON.parse(file.subarray(file.indexOf('{"header":') + 10, file.indexOf(',"body":')).toString('utf8'));
    expect(header).toMatchObject({ format: 'ashar-backup', version: 1, scope: 'unsynced', counts: { docs: 1, photos: 1 } });
    const sentChanges = header.counts.changes as number;

    // Phone B, a fresh phone with no community chosen yet, offline too.
    const contextB = await newPhone(browser, 'ky-KG', { bypassCSP: false });
    const pageB = await contextB.newPage();
    await pageB.goto(baseUrl);
    await pageB.getByRole('heading', { name: 'Ашарга кош келиңиз' }).waitFor();
    await waitForServiceWorker(pageB);
    await contextB.setOffline(true);
    await pageB.getByRole('link', { name: 'Камдык көчүрмө файлыңыз барбы? Импорттоо' }).click();
    const picker = pageB.locator('input[type="file"]');

    // A copy with one byte changed is refused with the reason, and nothing is stored.
    const damaged = Buffer.from(file);
    const at = damaged.indexOf('"category":"natural"') + 14;
    damaged[at] = 'm'.charCodeAt(0);
    await picker.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: damaged });
    await pageB.getByText('Файл бузулган (текшерүү суммасы дал келбейт). Кайра жөнөтүңүз. Эч нерсе өзгөргөн жок.').waitFor();
    // A copy cut short in transfer, too.
    await picker.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: file.subarray(0, file.length - 500) });
    await pageB.getByText('Файл толук эмес', { exact: false }).waitFor();
    expect(await countRows(pageB, 'assets')).toBe(0);
    expect(await countRows(pageB, 'photos')).toBe(0);

    // The real file: checked, shown, then added.
    await picker.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: file });
    await pageB.getByTestId('backup-preview').waitFor();
    await expect(pageB.getByTestId('backup-preview').innerText()).resolves.toContain('Ак-Сай');
    await pageB.screenshot({ path: `${SCREENSHOT_DIR}/backup-import-preview-ky.png`, fullPage: true });
    await pageB.getByRole('button', { name: 'Ушул телефонго кошуу' }).click();
    await pageB.getByTestId('backup-summary').waitFor();
    await expect(pageB.getByTestId('summary-added').innerText()).resolves.toBe('1');
    await expect(pageB.getByTestId('summary-photos').innerText()).resolves.toBe('1');
    await expect(pageB.getByTestId('summary-queued').innerText()).resolves.toBe(String(sentChanges));
    await pageB.screenshot({ path: `${SCREENSHOT_DIR}/backup-import-done-ky.png`, fullPage: true });

    // B now works for A's community and shows the asset with its photo, from its own storage.
    await pageB.getByRole('link', { name: 'Ресурстарды ачуу' }).click();
    await pageB.getByRole('link', { name: /Тоо булагы/ }).click();
    const thumb = pageB.locator('img.file-thumb');
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await thumb.getAttribute('src')).toMatch(/^blob:/);
    await pageB.getByText('Жөнөтүлүүнү күтүүдө').waitFor();

    // A's unsent changes now wait on B too, to be sent from whichever phone reaches the server first.
    await pageB.goto(`${baseUrl}/settings/storage`);
    await expect(pageB.getByTestId('health-changes').innerText()).resolves.toBe(String(sentChanges));
    await expect(pageB.getByTestId('health-files').innerText()).resolves.toMatch(/^1 · /);

    // Bringing the same file in again changes nothing.
    await pageB.goto(`${baseUrl}/settings/backup`);
    await picker.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: file });
    await pageB.getByRole('button', { name: 'Ушул телефонго кошуу' }).click();
    await pageB.getByTestId('backup-summary').waitFor();
    await expect(pageB.getByTestId('summary-added').innerText()).resolves.toBe('0');
    await expect(pageB.getByTestId('summary-queued').innerText()).resolves.toBe('0');
    expect(await countRows(pageB, 'photos')).toBe(1);

    await contextA.close();
    await contextB.close();
  });
});
