import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api as apiCall, signedInPhone as signedIn, syncAndWait } from './app';
import { launchBrowser } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let adminToken: string;

const api = (path: string, body: unknown, token?: string) => apiCall(baseUrl, path, body, token);

beforeAll(async () => {
  browser = await launchBrowser();
  const { token } = (await api('/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string };
  adminToken = token;
  const community = (await api('/communities', { name: { ky: 'Сары-Таш', ru: 'Сары-Таш', en: 'Sary-Tash' }, rayonId: '41705214000000' }, token)) as {
    id: string;
  };
  for (const username of ['aigul', 'bakyt', 'cholpon']) {
    await api('/users', { username, password: 'password-123', displayName: username, role: 'staff', communityIds: [community.id] }, token);
  }
});
afterAll(async () => {
  await browser.close();
});

const signedInPhone = (username: string) => signedIn(browser, baseUrl, username);

async function editAsset(page: Page, from: string, fields: { name?: string; description?: string }) {
  await page.getByRole('link', { name: 'Ресурстар' }).click();
  await page.getByRole('link', { name: new RegExp(from) }).click();
  if (fields.name !== undefined) await page.getByLabel('Аталышы').fill(fields.name);
  if (fields.description !== undefined) await page.getByLabel('Сүрөттөмө').fill(fields.description);
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
}

async function readAsset(page: Page, name: RegExp) {
  await page.getByRole('link', { name: 'Ресурстар' }).click();
  await page.getByRole('link', { name }).click();
  const values = { name: await page.getByLabel('Аталышы').inputValue(), description: await page.getByLabel('Сүрөттөмө').inputValue() };
  await page.getByRole('link', { name: 'Артка' }).click();
  return values;
}

describe('two phones of one community', () => {
  it('edit the same record offline and both end with the same merged result', async () => {
    const phoneA = await signedInPhone('aigul');
    const phoneB = await signedInPhone('bakyt');

    await phoneA.getByRole('link', { name: 'Ресурстар' }).click();
    await phoneA.getByRole('link', { name: 'Кошуу' }).click();
    await phoneA.getByLabel('Аталышы').fill('Суу түтүгү');
    await phoneA.locator('.category-choice', { hasText: 'Инфраструктура' }).click();
    await phoneA.getByLabel('Сүрөттөмө').fill('Айылдын ичүүчү суу түтүгү');
    await phoneA.getByRole('button', { name: 'Сактоо' }).click();
    await syncAndWait(phoneA);
    await syncAndWait(phoneB);
    expect((await readAsset(phoneB, /Суу түтүгү/)).description).toBe('Айылдын ичүүчү суу түтүгү');

    await phoneA.context().setOffline(true);
    await phoneB.context().setOffline(true);
    // Different fields: A renames, B rewrites the description. Same field: both set the name; B's is later.
    await editAsset(phoneA, 'Суу түтүгү', { name: 'Суу түтүгү (A)' });
    const afterA = await phoneA.evaluate(() => Date.now());
    await editAsset(phoneB, 'Суу түтүгү', { description: 'Оңдоо керек: 2 км' });
    // B's name is written when B's clock has passed A's edit (both phones read this machine's clock).
    await expect.poll(() => phoneB.evaluate(() => Date.now())).toBeGreaterThan(afterA);
    await editAsset(phoneB, 'Суу түтүгү', { name: 'Суу түтүгү (B)' });

    await phoneA.context().setOffline(false);
    await phoneB.context().setOffline(false);
    await syncAndWait(phoneA);
    await syncAndWait(phoneB);
    await syncAndWait(phoneA);

    const expected = { name: 'Суу түтүгү (B)', description: 'Оңдоо керек: 2 км' };
    expect(await readAsset(phoneA, /Суу түтүгү/)).toEqual(expected);
    expect(await readAsset(phoneB, /Суу түтүгү/)).toEqual(expected);
    await phoneA.context().close();
    await phoneB.context().close();
  });
});

describe('Background Sync', () => {
  it('delivers a change made offline after the app was closed, from the service worker', async () => {
    const page = await signedInPhone('cholpon');
    const cdp = await page.context().newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: { registrationId: string; scopeURL: string }[] }) => {
      registrations.push(...event.registrations);
    });
    await cdp.send('ServiceWorker.enable');

    await page.context().setOffline(true);
    await page.getByRole('link', { name: 'Ресурстар' }).click();
    await page.getByRole('link', { name: 'Кошуу' }).click();
    await page.getByLabel('Аталышы').fill('Кечки булак');
    await page.locator('.category-choice', { hasText: 'Жаратылыш ресурсу' }).click();
    await page.getByLabel('Сүрөттөмө').fill('Жабык колдонмодон жөнөтүлдү');
    await page.getByRole('button', { name: 'Сактоо' }).click();
    await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
    // The app asked the browser for a Background Sync while offline.
    await expect
      .poll(() =>
        page.evaluate(async () =>
          (await (navigator.serviceWorker.ready as Promise<ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }>)).sync.getTags(),
        ),
      )
      .toContain('ashar-sync');

    // The person closes the app; later the network is back and the browser wakes the worker.
    await page.goto('about:blank');
    await page.context().setOffline(false);
    const registration = registrations.find((r) => r.scopeURL.startsWith(baseUrl));
    expect(registration).toBeDefined();
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: new URL(baseUrl).origin,
      registrationId: registration!.registrationId,
      tag: 'ashar-sync',
      lastChance: false,
    });

    await expect
      .poll(
        async () => {
          const response = (await api('/sync', { clientId: 'e2e-admin-check', cursor: null, changes: [] }, adminToken)) as {
            docs: { fields: { name?: string } }[];
          };
          return response.docs.map((doc) => doc.fields.name);
        },
        { timeout: 15_000 },
      )
      .toContain('Кечки булак');
    await page.context().close();
  });
});
