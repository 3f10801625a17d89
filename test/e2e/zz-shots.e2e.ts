import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, it, inject } from 'vitest';
import { addWorkshop, chooseNewCommunity } from './app';
import { launchBrowser, newPhone } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

it('shots', async () => {
  const context = await newPhone(browser, 'ky-KG');
  const page = await context.newPage();
  await page.goto(baseUrl);
  await chooseNewCommunity(page);
  const id = await addWorkshop(page);
  for (const path of [`/workshops/${id}`, '/workshops', '/workshops/new', '/workshops/actions', '/workshops/insight', `/print/workshop/${id}`, `/workshops/${id}/edit`]) {
    await page.goto(`${baseUrl}${path}`);
    await page.locator('h1').first().waitFor();
    await page.waitForTimeout(800);
    const info = await page.evaluate(() => ({ w: window.innerWidth, sw: document.documentElement.scrollWidth, cols: [...document.querySelectorAll('table thead th')].map((th) => th.textContent + ':' + Math.round(th.getBoundingClientRect().width)), wide: [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > 361).slice(0, 5).map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right)) }));
    console.log('SHOT', path, JSON.stringify(info));
    await page.screenshot({ path: `/tmp/shot${path.replace(/\//g, '-')}.png`, fullPage: true });
  }
  await context.close();
});
