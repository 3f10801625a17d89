import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  api as apiCall,
  chooseNewCommunity,
  fillSignIn,
  listedAssetNames,
  signIn,
  signedInPhone as signedIn,
  syncAndWait,
  syncAndSee,
  waitForServiceWorker,
} from './app';
import { launchBrowser, newPhone } from './browser';

// Peers between communities, on real phones: neighbours sharing a disputed pasture, one phone
// passed between two people, and two phones writing the same field at the same time.

const baseUrl = inject('baseUrl');
let browser: Browser;
let adminToken: string;
const ids: Record<string, string> = {};
const communities: Record<string, string> = {};

const api = (path: string, body: unknown, token?: string) => apiCall(baseUrl, path, body, token);

beforeAll(async () => {
  browser = await launchBrowser();
  adminToken = ((await api('/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string }).token;
  for (const [key, name] of [
    ['a', 'Ак-Жол'],
    ['b', 'Чоң-Талаа'],
  ] as const) {
    communities[key] = ((await api('/communities', { name: { ky: name, ru: name, en: name }, rayonId: '41705214000000' }, adminToken)) as { id: string }).id;
  }
  const users = [
    ['share-staff-a', 'staff', 'a'],
    ['share-staff-a2', 'staff', 'a'],
    ['share-vol-b', 'volunteer', 'b'],
    ['share-vol-a', 'volunteer', 'a'],
    ['share-staff-b', 'staff', 'b'],
  ] as const;
  for (const [username, role, community] of users) {
    ids[username] = (
      (await api('/users', { username, password: 'password-123', displayName: username, role, communityIds: [communities[community]] }, adminToken)) as {
        id: string;
      }
    ).id;
  }
}, 60_000);
afterAll(async () => {
  await browser.close();
});

const signedInPhone = (username: string) => signedIn(browser, baseUrl, username);

async function addAsset(page: Page, name: string, extra: { dispute?: string; description?: string } = {}) {
  await page.getByRole('link', { name: 'Ресурстар' }).click();
  await page.getByRole('link', { name: 'Кошуу' }).click();
  await page.getByLabel('Аталышы').fill(name);
  await page.locator('.category-choice', { hasText: 'Жаратылыш' }).click();
  await page.getByLabel('Сүрөттөмө').fill(extra.description ?? 'Айылдын ресурсу');
  if (extra.dispute) await page.getByLabel('Колдонуу боюнча талаш').fill(extra.dispute);
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
}

async function openAsset(page: Page, name: string) {
  await page.getByRole('link', { name: 'Ресурстар' }).click();
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await page.getByLabel('Аталышы').waitFor();
}

/** The record of this name on the server, as an admin (who reads everything) pulls it. */
async function onServer(name: string): Promise<{ fields: Record<string, unknown> } | undefined> {
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const response = (await api('/sync', { clientId: 'e2e-sharing-check', cursor, changes: [] }, adminToken)) as {
      docs: { fields: Record<string, unknown> }[];
      cursor: string;
      more: boolean;
    };
    const found = response.docs.find((doc) => doc.fields.name === name);
    if (found) return found;
    if (!response.more) return undefined;
    cursor = response.cursor;
  }
  throw new Error('the pull did not end');
}

describe('neighbour communities', () => {
  it('share a disputed pasture: the neighbour reads it offline, cannot change it, and it leaves when unshared', async () => {
    const staff = await signedInPhone('share-staff-a');
    const neighbour = await signedInPhone('share-vol-b');
    await addAsset(staff, 'Чек арадагы жайыт', { dispute: 'Эки айыл жайкы жайытты талашат' });
    await openAsset(staff, 'Чек арадагы жайыт');
    await staff.getByRole('combobox', { name: 'Жамаат менен бөлүшүү…' }).selectOption({ label: 'Чоң-Талаа' });
    await staff.getByRole('button', { name: 'Өчүрүү: Чоң-Талаа' }).waitFor();
    await syncAndWait(staff);

    await syncAndSee(neighbour, async () => (await storedNames(neighbour)).includes('Чек арадагы жайыт'));
    await neighbour.context().setOffline(true);
    await openAsset(neighbour, 'Чек арадагы жайыт');
    await neighbour.getByTestId('shared-record').filter({ hasText: 'Ак-Жол' }).waitFor();
    expect(await neighbour.getByLabel('Колдонуу боюнча талаш').inputValue()).toBe('Эки айыл жайкы жайытты талашат');
    expect(await neighbour.getByLabel('Аталышы').isDisabled()).toBe(true);
    expect(await neighbour.getByRole('button', { name: 'Сактоо' }).count()).toBe(0);
    await neighbour.context().setOffline(false);

    await openAsset(staff, 'Чек арадагы жайыт');
    await staff.getByRole('button', { name: 'Өчүрүү: Чоң-Талаа' }).click();
    await staff.getByRole('combobox', { name: 'Жамаат менен бөлүшүү…' }).waitFor();
    await syncAndWait(staff);
    await syncAndSee(neighbour, async () => !(await storedNames(neighbour)).includes('Чек арадагы жайыт'));
    await neighbour.getByRole('link', { name: 'Ресурстар' }).click();
    await neighbour.locator('.record-list, .empty-state').first().waitFor();
    expect(await neighbour.getByRole('link', { name: /Чек арадагы жайыт/ }).count()).toBe(0);
    await staff.context().close();
    await neighbour.context().close();
  }, 240_000);
});

describe('a phone passed between people', () => {
  it("hides the volunteer's records from the next person, sends nothing as them, and sends the volunteer's work under their name later", async () => {
    const context = await newPhone(browser);
    const page = await context.newPage();
    await signIn(page, baseUrl, 'share-vol-a');
    await addAsset(page, 'Мектептин короосу');
    await syncAndWait(page);
    await context.setOffline(true);
    await addAsset(page, 'Жаңы булак', { description: 'Тоодогу булак, жазында агат' });
    await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
    await page.getByRole('button', { name: 'Чыгуу' }).click();
    await page.getByRole('button', { name: 'Баары бир чыгуу' }).click();
    await page.getByRole('heading', { name: 'Кирүү' }).waitFor();
    await context.setOffline(false);

    await fillSignIn(page, 'share-staff-b');
    await syncAndWait(page);
    await page.getByRole('link', { name: 'Ресурстар' }).click();
    await page.locator('.record-list, .empty-state').first().waitFor();
    expect(await page.getByRole('link', { name: /Мектептин короосу|Жаңы булак/ }).count()).toBe(0);
    expect(await storedNames(page)).not.toContain('Мектептин короосу');
    expect(await storedNames(page)).not.toContain('Жаңы булак');
    expect(await onServer('Жаңы булак')).toBeUndefined();

    await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
    await page.getByRole('button', { name: 'Чыгуу' }).click();
    await fillSignIn(page, 'share-vol-a');
    await syncAndWait(page);
    expect((await onServer('Жаңы булак'))?.fields.createdBy).toBe(ids['share-vol-a']);
    await openAsset(page, 'Жаңы булак');
    expect(await page.getByLabel('Сүрөттөмө').inputValue()).toBe('Тоодогу булак, жазында агат');
    await context.close();
  }, 240_000);
});

describe('two phones set the same field at the same time', () => {
  it('both end showing the same value with the other one beside it, and taking the other works and syncs', async () => {
    const first = await signedInPhone('share-staff-a');
    const second = await signedInPhone('share-staff-a2');
    await addAsset(first, 'Суу сактагыч', { description: 'Айылдын үстүндө' });
    await syncAndWait(first);
    await syncAndWait(second);
    await first.context().setOffline(true);
    await second.context().setOffline(true);
    for (const [page, text] of [
      [first, 'Биринчи телефондон'],
      [second, 'Экинчи телефондон'],
    ] as const) {
      await openAsset(page, 'Суу сактагыч');
      await page.getByLabel('Сүрөттөмө').fill(text);
      await page.getByRole('button', { name: 'Сактоо' }).click();
      await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
    }
    await first.context().setOffline(false);
    await second.context().setOffline(false);
    await syncAndWait(first);
    await syncAndWait(second);
    await syncAndWait(first);

    for (const page of [first, second]) {
      await openAsset(page, 'Суу сактагыч');
      await page.getByText('Ошол эле убакта башка маани жазылган').waitFor();
      expect(await page.getByLabel('Сүрөттөмө').inputValue()).toBe('Экинчи телефондон');
      expect(await page.getByTestId('conflict-other').innerText()).toBe('Биринчи телефондон');
    }
    await first.getByRole('button', { name: 'Башка маанини алуу' }).click();
    await first.getByText('Ошол эле убакта башка маани жазылган').waitFor({ state: 'detached' });
    await syncAndWait(first);
    await syncAndWait(second);
    for (const page of [first, second]) {
      await openAsset(page, 'Суу сактагыч');
      expect(await page.getByLabel('Сүрөттөмө').inputValue()).toBe('Биринчи телефондон');
      expect(await page.getByText('Ошол эле убакта башка маани жазылган').count()).toBe(0);
    }
    await first.context().close();
    await second.context().close();
  }, 240_000);
});

describe('work recorded before signing in', () => {
  it("keeps its place after sign-in, and one tap moves all of it into the account's community and sends it", async () => {
    const serverAkSai = (
      (await api('/communities', { name: { ky: 'Ак-Сай', ru: 'Ак-Сай', en: 'Ak-Sai' }, rayonId: '41705214000000' }, adminToken)) as { id: string }
    ).id;
    await api('/users', { username: 'carry-vol', password: 'password-123', displayName: 'Айгүл', role: 'volunteer', communityIds: [serverAkSai] }, adminToken);

    // A fresh phone adds its community by hand, then records three assets with no network.
    const context = await newPhone(browser);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page, 'Ак-Сай');
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const names = ['Карагай токою', 'Суу тегирмени', 'Эски мектеп'];
    for (const name of names) await addAsset(page, name);
    await context.setOffline(false);

    await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
    await fillSignIn(page, 'carry-vol', { shownAs: 'Айгүл' });
    // Settings says at once what became of the work, and offers to move all of it in one step.
    const offer = page.getByTestId('carry-over');
    await offer.getByText('Ушул телефондогу 3 жазуу «Ак-Сай» жамаатына таандык').waitFor();
    // The sync that follows sign-in holds them back for the answer: none is refused meanwhile.
    await page.getByTestId('last-synced').filter({ hasNotText: 'эч качан' }).waitFor();
    await page.getByTestId('sync-state').filter({ hasText: 'Өзгөртүүлөр жөнөтүлүүнү күтүп турат' }).waitFor();
    expect(await page.getByTestId('needs-attention').count()).toBe(0);
    expect(await page.getByTestId('pending-count').innerText()).toBe('3');
    mkdirSync('test-results/screenshots', { recursive: true });
    await offer.screenshot({ path: 'test-results/screenshots/carry-over-ky.png' });
    // The records did not vanish from the list meanwhile.
    await page.getByRole('link', { name: 'Ресурстар' }).click();
    expect((await listedAssetNames(page)).sort()).toEqual([...names].sort());

    await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
    expect(await offer.getByRole('combobox').inputValue()).toBe(serverAkSai);
    await offer.getByRole('button', { name: 'Баарын көчүрүп, жөнөтүү' }).click();
    await offer.waitFor({ state: 'detached' });
    await syncAndWait(page);
    for (const name of names) expect((await onServer(name))?.fields.communityId).toBe(serverAkSai);
    await page.getByRole('link', { name: 'Ресурстар' }).click();
    expect((await listedAssetNames(page)).sort()).toEqual([...names].sort());
    await context.close();
  }, 240_000);
});

/** The names of every asset in the app's database on this phone, whatever the screens show. */
async function storedNames(page: Page): Promise<string[]> {
  await waitForServiceWorker(page);
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('ashar');
        open.onsuccess = () => {
          const request = open.result.transaction('assets').objectStore('assets').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { name: string }[]).map((row) => row.name));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}
