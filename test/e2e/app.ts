import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { newPhone } from './browser';

/**
 * Waits until the service worker controls the page and has the whole app: from then on the app
 * opens offline, every screen of it. (It takes over with the shell alone and downloads the rest
 * after; this asks it to go on, as the app does, and waits for it to say it is complete.)
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  await page.evaluate(
    (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const container = navigator.serviceWorker;
        const timer = setTimeout(() => reject(new Error('the service worker did not download the whole app')), timeoutMs);
        const onMessage = (event: MessageEvent) => {
          const data = event.data as { type?: string; complete?: boolean } | null;
          if (data?.type !== 'offline-progress' || !data.complete) return;
          clearTimeout(timer);
          container.removeEventListener('message', onMessage);
          resolve();
        };
        container.addEventListener('message', onMessage);
        container.controller!.postMessage({ type: 'download-for-offline' });
      }),
    60_000,
  );
}

/** First start: adds a community by hand in Batken rayon and chooses it. Labels are matched in Kyrgyz. */
export async function chooseNewCommunity(page: Page, name = 'Ак-Сай'): Promise<void> {
  await page.getByRole('heading', { name: 'Ашарга кош келиңиз' }).waitFor();
  await page.getByRole('button', { name: 'Тизмеде жок — кошуу' }).click();
  await page.getByLabel('Аталышы (Кыргызча)').fill(name);
  await page.getByLabel('Облус же шаар').selectOption({ label: 'Баткен облусу' });
  await page.getByLabel('Район').selectOption({ label: 'Баткен району' });
  await page.getByRole('button', { name: 'Кошуу', exact: true }).click();
  await page.getByRole('heading', { name: 'Жакшы тажрыйбалар' }).waitFor();
}

export async function addAsset(page: Page, asset: { name: string; category: string; description: string }) {
  await page.getByRole('link', { name: 'Ресурстар' }).click();
  await page.getByRole('link', { name: 'Кошуу' }).click();
  await page.getByLabel('Аталышы').fill(asset.name);
  await page.locator('.category-choice', { hasText: asset.category }).click();
  await page.getByLabel('Сүрөттөмө').fill(asset.description);
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
}

/** Records a seminar with a head count, one named participant and one follow-up action; returns its id. */
export async function addWorkshop(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Иш-чаралар' }).click();
  await page.getByRole('link', { name: 'Жаңы иш-чара' }).click();
  await page.getByLabel('Иш-чаранын түрү').selectOption({ label: 'Семинар же тренинг' });
  await page.getByLabel('Аталышы').fill('Ачык бюджет боюнча семинар');
  await page.getByLabel('Тургун: Аялдар').fill('6');
  await page.getByLabel('Тургун: Эркектер').fill('3');
  await page.getByLabel('Чечимдер').fill('Бюджеттик угуу өткөрүү.');
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByText('Ушул телефонго сакталды.').waitFor();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('button', { name: 'Катышуучуну аты менен кошуу' }).click();
  await page.getByLabel('Аты-жөнү').fill('Айгүл');
  await page.getByRole('button', { name: 'Катышуучуну кошуу' }).click();
  await page.locator('.participant-item').waitFor();
  await page.getByRole('button', { name: 'Кийинки иш кошуу' }).click();
  await page.getByLabel('Эмне кылынат').fill('Бюджеттик угуу өткөрүү');
  await page.getByLabel('Мөөнөтү').fill('2026-01-15');
  await page.getByRole('button', { name: 'Ишти кошуу' }).click();
  await page.locator('[data-testid="action-item"]').waitFor();
  return id;
}

export async function listedAssetNames(page: Page): Promise<string[]> {
  await page.getByRole('heading', { name: 'Жамааттын ресурстары' }).waitFor();
  // The list renders once its live query has answered: either the list or the empty state.
  await page.locator('.record-list, .empty-state').first().waitFor();
  return page.locator('.record-title').allTextContents();
}

/** Calls the real server's API (the test's own account setup, not the app). */
export async function api(baseUrl: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  // A set-up call the server refused (a name another test file took) fails here, not later.
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** A new phone whose person signs in (Kyrgyz labels); resolves once the service worker controls it. */
export async function signedInPhone(browser: Browser, baseUrl: string, username: string, password = 'password-123'): Promise<Page> {
  const context = await newPhone(browser);
  const page = await context.newPage();
  await signIn(page, baseUrl, username, password);
  return page;
}

/** Opens the app on a fresh phone's page and signs in from the welcome screen (Kyrgyz labels). */
export async function signIn(page: Page, baseUrl: string, username: string, password = 'password-123'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Аккаунтуңуз барбы? Кирүү' }).click();
  await fillSignIn(page, username, { password });
  await waitForServiceWorker(page);
}

/** Signs in with the form on the screen (the settings' or the welcome's), and waits until signed in as `shownAs`. */
export async function fillSignIn(page: Page, username: string, { password = 'password-123', shownAs = username } = {}): Promise<void> {
  await page.getByLabel('Колдонуучунун аты').fill(username);
  await page.getByLabel('Сырсөз').fill(password);
  await page.getByRole('button', { name: 'Кирүү', exact: true }).click();
  await page.getByText(`Кирген колдонуучу: ${shownAs}`).waitFor();
}

/** When the phone last applied a server's answer (meta `lastSyncAt`, to the millisecond), or null. */
function lastSyncAt(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const request = indexedDB.open('ashar');
        request.onsuccess = () => {
          const read = request.result.transaction('meta').objectStore('meta').get('lastSyncAt');
          read.onsuccess = () => {
            request.result.close();
            resolve((read.result as { value?: string } | undefined)?.value ?? null);
          };
          read.onerror = () => reject(read.error);
        };
        request.onerror = () => reject(request.error);
      }),
  );
}

/**
 * Presses "Sync now" in Settings and waits until this sync has answered (the phone applied a new
 * server answer: the screen may still show the previous sync's "synced" a moment after the tap),
 * nothing is left to send and the sync finished.
 */
export async function syncAndWait(page: Page) {
  await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
  const before = await lastSyncAt(page);
  await page.getByRole('button', { name: 'Азыр шайкештирүү' }).click();
  await expect.poll(() => lastSyncAt(page), { timeout: 30_000 }).not.toBe(before);
  await page.getByTestId('pending-count').filter({ hasText: /^0$/ }).waitFor();
  await page.getByTestId('sync-state').filter({ hasText: 'Шайкештирилди' }).waitFor();
  // Nothing the server refused: a test that syncs expects every change to have arrived.
  const refused = page.getByTestId('needs-attention');
  if ((await refused.count()) > 0) throw new Error(`The server refused changes: ${await refused.innerText()}`);
}

/**
 * Presses "Sync now" once and fails unless what another phone sent (and synced) is then on this
 * one (`arrived`, read in IndexedDB). (Two test files once made communities of the same name: the
 * share picker then chose the other file's in about half the runs. Names are unique per rayon now.)
 */
export async function syncAndSee(page: Page, arrived: () => Promise<boolean>): Promise<void> {
  await syncAndWait(page);
  if (!(await arrived())) throw new Error('what another phone sent did not arrive with the next sync');
}

/**
 * Writes records straight into the app's IndexedDB store in the page, in batches (benchmarks fill
 * the phone this way: the app's own code paths are what they then time).
 */
export async function putRecords(page: Page, store: string, records: readonly unknown[], batchSize = 500): Promise<void> {
  for (let start = 0; start < records.length; start += batchSize) {
    await page.evaluate(
      ({ name, batch }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('ashar');
          open.onsuccess = () => {
            const tx = open.result.transaction(name, 'readwrite');
            for (const record of batch) tx.objectStore(name).put(record);
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { name: store, batch: records.slice(start, start + batchSize) },
    );
  }
  // Written past the app (which would forget its start snapshot at such a change): the next start
  // shows no list from before them.
  await page.evaluate(() => caches.delete('ashar-start-snapshot'));
}

/** A small photo of a written page (an attendance sheet, minutes), made in the browser, as JPEG bytes. */
export async function paperPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(900, 1200);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#f4f1e8';
    context.fillRect(0, 0, 900, 1200);
    context.fillStyle = '#222';
    for (let line = 0; line < 30; line += 1) context.fillRect(60, 80 + line * 36, 500 + ((line * 37) % 200), 3);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}
