import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addAsset, chooseNewCommunity, listedAssetNames, waitForServiceWorker } from './app';
import { launchBrowser, newPhone } from './browser';
import { storedDraft } from './idb';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('offline first', () => {
  it('opens, saves and keeps records with the network cut', async () => {
    const context = await newPhone(browser);
    const errors: string[] = [];
    context.on('weberror', (error) => errors.push(error.error().message));
    const page = await context.newPage();

    await page.goto(baseUrl);
    await chooseNewCommunity(page);
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Жакшы тажрыйбалар' }).waitFor();
    await page.getByText('Интернет байланышы жок.', { exact: false }).waitFor({ timeout: 5000 });

    await addAsset(page, { name: 'Тоо булагы', category: 'Жаратылыш ресурсу', description: 'Айылдын үстүндөгү булак.\nЖайында кургабайт.' });
    expect(await listedAssetNames(page)).toEqual(['Тоо булагы']);

    await page.reload();
    expect(await listedAssetNames(page)).toEqual(['Тоо булагы']);

    await page.close();
    const reopened = await context.newPage();
    await reopened.goto(`${baseUrl}/assets`);
    expect(await listedAssetNames(reopened)).toEqual(['Тоо булагы']);

    // A deep link typed while offline opens too: the service worker answers every page address.
    await reopened.goto(`${baseUrl}/settings`);
    await reopened.getByTestId('pending-count').filter({ hasText: '1' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps what was typed in an unsaved form across a reload, and edits and deletes', async () => {
    const context = await newPhone(browser);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page, 'Кара-Бак');
    await waitForServiceWorker(page);
    await context.setOffline(true);

    await page.getByRole('link', { name: 'Ресурстар' }).click();
    await page.getByRole('link', { name: 'Кошуу' }).click();
    await page.getByLabel('Аталышы').fill('Мектеп');
    await page.getByLabel('Сүрөттөмө').fill('Жаңы чатыр керек');
    // Reloaded once the draft holds both (it is written a moment after typing stops).
    await expect.poll(async () => (await storedDraft(page, 'asset:new'))?.description, { timeout: 10_000 }).toBe('Жаңы чатыр керек');
    await page.reload();
    await expect(page.getByLabel('Аталышы').inputValue()).resolves.toBe('Мектеп');
    await expect(page.getByLabel('Сүрөттөмө').inputValue()).resolves.toBe('Жаңы чатыр керек');
    await page.getByText('Акыркы жолу жазылган', { exact: false }).waitFor();

    // Saving without a category is refused with a translated message, and nothing is stored.
    await page.getByRole('button', { name: 'Сактоо' }).click();
    await page.getByText('Тизмеден бирин тандаңыз.').waitFor();
    await page.locator('.category-choice', { hasText: 'Инфраструктура' }).click();
    await page.getByRole('button', { name: 'Сактоо' }).click();
    expect(await listedAssetNames(page)).toEqual(['Мектеп']);

    await page.getByRole('link', { name: /Мектеп/ }).click();
    await page.getByLabel('Аталышы').fill('Мектеп №1');
    await page.getByRole('button', { name: 'Сактоо' }).click();
    expect(await listedAssetNames(page)).toEqual(['Мектеп №1']);

    await page.getByRole('link', { name: /Мектеп №1/ }).click();
    await page.getByRole('button', { name: 'Жок кылуу' }).click();
    await page.getByRole('button', { name: 'Ооба, жок кылуу' }).click();
    await page.getByText('Азырынча ресурс жок').waitFor();
    await page.reload();
    await page.getByText('Азырынча ресурс жок').waitFor();
    await context.close();
  });
});
