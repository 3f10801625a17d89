import type { Page } from 'playwright-core';

/** Waits until the service worker controls the page: from then on the app opens offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
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
  await page.getByLabel('Түрү').selectOption({ label: asset.category });
  await page.getByLabel('Сүрөттөмө').fill(asset.description);
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
}

export async function listedAssetNames(page: Page): Promise<string[]> {
  await page.getByRole('heading', { name: 'Жамааттын ресурстары' }).waitFor();
  // The list renders once its live query has answered: either the list or the empty state.
  await page.locator('.record-list, .empty-state').first().waitFor();
  return page.locator('.record-title').allTextContents();
}

