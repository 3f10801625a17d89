import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_APP_DIR } from '../../scripts/built-app';
import { api, signIn, syncAndWait } from './app';
import { launchBrowser, newPhone } from './browser';
import { brokenPromises, readPhone } from './idb';
import { buildNextVersion, NEXT_SCHEMA_VERSION, removeNextVersion } from './next-version';
import { OWN_ADMIN_PASSWORD, startOwnServer, type OwnServer } from './own-server';

// An app update reaches a phone that has work waiting: a new service worker and a database schema
// one version newer, opened while changes wait in the outbox and other tabs still run the old code.
// The server is this test's own, so it can be restarted with the next build, as a deploy does.

let browser: Browser;
let server: OwnServer;
let nextVersion: string;

beforeAll(async () => {
  [nextVersion, server, browser] = await Promise.all([buildNextVersion(), startOwnServer(BUILT_APP_DIR, 'e2e-1'), launchBrowser()]);
  const { token } = (await api(server.url, '/auth/login', { username: 'admin', password: OWN_ADMIN_PASSWORD })) as { token: string };
  const { id } = (await api(server.url, '/communities', { name: { ky: 'Ак-Кыя', ru: 'Ак-Кыя', en: 'Ak-Kyia' }, rayonId: '41705214000000' }, token)) as {
    id: string;
  };
  await api(server.url, '/users', { username: 'gulzat', password: 'password-123', displayName: 'gulzat', role: 'staff', communityIds: [id] }, token);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (nextVersion) removeNextVersion(nextVersion);
});

/** The app's main script, which names the build a page runs. */
function mainScriptOf(html: string): string {
  return /<script type="module" crossorigin src="([^"]+)"/.exec(html)![1]!;
}
const runningScript = (page: Page) => page.evaluate(() => new URL(document.querySelector<HTMLScriptElement>('script[type="module"]')!.src).pathname);

async function newAsset(page: Page, name: string) {
  await page.goto(`${server.url}/assets/new`);
  await page.getByLabel('Аталышы').fill(name);
  await page.locator('.category-choice', { hasText: 'Инфраструктура' }).click();
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
}

async function editDescription(page: Page, name: string, description: string) {
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await page.getByLabel('Сүрөттөмө').fill(description);
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
}

const databaseVersion = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).find((database) => database.name === 'ashar')?.version);

describe('an app update with a new database version, while changes wait', () => {
  it('keeps and sends each of 20 offline changes exactly once, and no tab left on the old version is stuck', async () => {
    const context = await newPhone(browser, 'ky-KG', { bypassCSP: false });
    const tabA = await context.newPage();
    await signIn(tabA, server.url, 'gulzat');

    // Offline: 15 new assets and 5 edits (of the newest, at the top of the list) wait in the outbox.
    await context.setOffline(true);
    const names = Array.from({ length: 15 }, (_, index) => `Ресурс ${String(index + 1).padStart(2, '0')}`);
    for (const name of names) await newAsset(tabA, name);
    for (const name of names.slice(-5)) await editDescription(tabA, name, `${name}: оңдолду`);
    const before = await readPhone(tabA);
    expect(before.outbox).toHaveLength(20);

    // Two more tabs on the old version: one just showing the list, one with a form half typed.
    const tabB = await context.newPage();
    await tabB.goto(`${server.url}/assets`);
    await tabB.getByRole('link', { name: /Ресурс 15/ }).waitFor();
    const tabC = await context.newPage();
    await tabC.goto(`${server.url}/assets`);
    await tabC.getByRole('link', { name: 'Кошуу' }).click();
    await tabC.getByLabel('Аталышы').fill('Башка өтмөктө жазылган');
    const oldScript = await runningScript(tabA);

    // The next version is deployed. The network comes back, but the server's API stays out of
    // reach until the update is applied, so all 20 changes are still waiting when it is.
    server.cutApi(true);
    await server.deploy(nextVersion, 'e2e-2');
    const newScript = mainScriptOf(readFileSync(join(nextVersion, 'index.html'), 'utf8'));
    expect(newScript).not.toBe(oldScript);
    await context.setOffline(false);
    await tabA.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await tabA.getByText('Жаңы версия жеткиликтүү.').waitFor({ timeout: 20_000 });

    await tabA.getByRole('button', { name: 'Кайра жүктөө' }).click();
    await expect.poll(() => runningScript(tabA), { timeout: 20_000 }).toBe(newScript);
    await tabA.getByRole('heading', { name: 'Жамааттын ресурстары' }).waitFor();
    expect(await databaseVersion(tabA)).toBe(NEXT_SCHEMA_VERSION * 10);

    // Tab B had nothing unsaved: it moves to the new version by itself.
    await expect.poll(() => runningScript(tabB), { timeout: 20_000 }).toBe(newScript);
    await tabB.getByRole('link', { name: /Ресурс 15/ }).waitFor();

    // Tab C keeps what was typed, offers the new version, and saves the form first.
    expect(await runningScript(tabC)).toBe(oldScript);
    expect(await tabC.getByLabel('Аталышы').inputValue()).toBe('Башка өтмөктө жазылган');
    await tabC.getByText('Жаңы версия жеткиликтүү.').waitFor();
    await tabC.locator('.category-choice', { hasText: 'Инфраструктура' }).click();
    await tabC.getByRole('button', { name: 'Сактоо' }).click();
    await tabC.getByText('Ресурс ушул телефондо сакталды.').waitFor();
    // The tap starts a reload: wait for the new version to run, not for Playwright's own idea of
    // when that navigation is done (it waited 30 s for one once, on a machine running CI). A
    // dialog (the browser asking to leave a page with unsaved input) would be a fault: say so.
    const dialogs: string[] = [];
    tabC.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await tabC.getByRole('button', { name: 'Кайра жүктөө' }).evaluate((button: HTMLButtonElement) => button.click());
    await expect
      .poll(() => runningScript(tabC).catch(() => oldScript), { timeout: 60_000, message: `tab C did not reload; dialogs: ${dialogs.join('; ')}` })
      .toBe(newScript);
    expect(dialogs).toEqual([]);
    await tabC.getByRole('link', { name: /Башка өтмөктө жазылган/ }).waitFor();

    // And they stay there: no tab keeps reloading. Not a wait for something to happen but a
    // window in which nothing may: a reload loop would load a tab again within it.
    const loads = [0, 0, 0];
    [tabA, tabB, tabC].forEach((tab, index) => tab.on('load', () => (loads[index]! += 1)));
    const QUIET_WINDOW_MS = 3000;
    await tabA.waitForTimeout(QUIET_WINDOW_MS);
    expect(loads).toEqual([0, 0, 0]);

    // Nothing lost on the phone: every record, every change still waiting, and one more from tab C.
    const after = await readPhone(tabA);
    expect(brokenPromises(after)).toEqual([]);
    for (const asset of before.assets) expect(after.assets).toContainEqual(asset);
    for (const entry of before.outbox) expect(after.outbox).toContainEqual(entry);
    expect(after.outbox).toHaveLength(21);

    // The server can be reached again: everything arrives, once.
    server.cutApi(false);
    await syncAndWait(tabA);
    expect((await readPhone(tabA)).outbox).toEqual([]);
    const stored = new Database(server.databaseFile, { readonly: true, fileMustExist: true });
    try {
      const changeIds = stored.prepare('SELECT id FROM changes').all() as { id: string }[];
      expect(changeIds.map((row) => row.id).sort()).toEqual(after.outbox.map((entry) => entry.changeId).sort());
      const docs = stored.prepare("SELECT fields FROM docs WHERE collection = 'assets'").all() as { fields: string }[];
      const fields = docs.map((row) => JSON.parse(row.fields) as { name: string; description?: string });
      expect(fields.map((doc) => doc.name).sort()).toEqual([...names, 'Башка өтмөктө жазылган'].sort());
      for (const name of names.slice(-5)) expect(fields.find((doc) => doc.name === name)!.description).toBe(`${name}: оңдолду`);
    } finally {
      stored.close();
    }
    await context.close();
  }, 180_000);
});
