import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseNewCommunity } from './app';
import { launchBrowser, newPhone } from './browser';
import { startThrottledLink, type ThrottledLink } from './throttled-link';

const baseUrl = inject('baseUrl');
let browser: Browser;
let link: ThrottledLink;

beforeAll(async () => {
  browser = await launchBrowser();
  link = await startThrottledLink(baseUrl);
});
afterAll(async () => {
  await browser.close();
  await link.close();
});

const CRASH = 'Ката кетти';
const NOT_DOWNLOADED = 'Бул бөлүм али жүктөлүп бүтө элек';
const READY = 'Колдонмо интернетсиз иштөөгө даяр.';

/** Each place a person goes from the bottom navigation, with the heading its screen shows. */
const TABS = [
  { tab: 'Китепкана', heading: 'Жакшы тажрыйбалар' },
  { tab: 'Ресурстар', heading: 'Жамааттын ресурстары' },
  { tab: 'Иш-чаралар', heading: 'Иш-чаралар' },
  { tab: 'Жөндөөлөр', heading: 'Шайкештирүү жана жөндөөлөр' },
] as const;
/** Screens whose code comes last (map, charts): opened from the assets tab. */
const HEAVY = [
  { link: 'Карта', heading: 'Ресурстардын картасы', path: '/assets/map' },
  { link: 'Жыйынтык', heading: 'Ресурстардын жыйынтыгы', path: '/assets/summary' },
] as const;

/**
 * Waits until the screen shows its heading or says it is not downloaded yet, and returns which;
 * the error screen fails the test at once.
 */
async function shown(page: Page, heading: string): Promise<'screen' | 'not downloaded'> {
  const first = page
    .getByRole('heading', { name: heading, exact: true })
    .or(page.getByRole('heading', { name: NOT_DOWNLOADED }))
    .or(page.getByRole('heading', { name: CRASH }));
  await first.first().waitFor({ timeout: 30_000 });
  const text = await page.locator('h1').first().innerText();
  expect(text, 'the error screen showed').not.toBe(CRASH);
  return text === NOT_DOWNLOADED ? 'not downloaded' : 'screen';
}

type Shown = 'screen' | 'not downloaded' | 'no address to type';

/**
 * Goes to a tab, or to a heavy screen through the assets tab; returns what it showed. Without the
 * assets list's code there is no link to follow, so the address is typed instead — which only the
 * service worker can answer offline: with none in control yet, the browser would show its own
 * offline page, outside the app, so that is not tried.
 */
async function visit(page: Page, name: string): Promise<Shown> {
  const tab = TABS.find((each) => each.tab === name);
  if (tab) {
    await page.getByRole('navigation').getByRole('link', { name }).click();
    return shown(page, tab.heading);
  }
  const heavy = HEAVY.find((each) => each.link === name)!;
  if ((await visit(page, 'Ресурстар')) === 'screen') await page.getByRole('link', { name, exact: true }).click();
  else if (await workerInControl(page)) await page.goto(`${link.url}${heavy.path}`);
  else return 'no address to type';
  return shown(page, heavy.heading);
}

function workerInControl(page: Page): Promise<boolean> {
  return page.evaluate(() => navigator.serviceWorker.controller !== null);
}

const EVERY_PLACE = [...TABS.map(({ tab }) => tab), ...HEAVY.map((heavy) => heavy.link)];

/** Taps every tab, then opens the heavy screens; returns what each showed. */
async function visitEverything(page: Page): Promise<Record<string, Shown>> {
  const seen: Record<string, Shown> = {};
  for (const name of EVERY_PLACE) seen[name] = await visit(page, name);
  return seen;
}

describe('first visit on a slow link', () => {
  it('says how far the download is, never shows the error screen when the network goes, and says when it is ready offline', async () => {
    const context = await newPhone(browser);
    const page = await context.newPage();
    await page.goto(link.url);
    // The first screen shows the download's progress.
    await page.getByTestId('offline-progress').waitFor({ timeout: 60_000 });
    await chooseNewCommunity(page);
    // The scenario, not a wait for the app: the network goes one second after the community is
    // chosen, while the app is still downloading. The service worker may or may not have taken
    // over by then (it installs the shell first; on this link that takes a few seconds); both are
    // checked, and the next test starts with none.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await context.setOffline(true);
    const inControl = await workerInControl(page);
    console.log(`first visit: the network went ${inControl ? 'after' : 'before'} the service worker took over`);
    await expect(page.getByText(READY).count()).resolves.toBe(0);

    const before = await visitEverything(page);
    // The map and the charts come last: with the network gone so soon they cannot be there yet.
    expect(['not downloaded', 'no address to type']).toContain(before['Карта']);
    expect(['not downloaded', 'no address to type']).toContain(before['Жыйынтык']);
    // The last screen opened says what is missing and offers to try again, which says so again.
    await page.getByRole('button', { name: 'Кайра аракет кылуу' }).click();
    await page.getByText('Азырынча жүктөлгөн жок.', { exact: false }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Ресурстар' }).click();
    if (inControl) {
      // A reload offline opens the app: the service worker took over with the shell at once.
      await page.reload();
      await page.getByRole('navigation').waitFor();
      await shown(page, 'Жамааттын ресурстары');
    }
    await page.getByText('Жүктөө токтоп турат', { exact: false }).waitFor();
    await visitEverything(page);

    // The network comes back: the download goes on by itself to the end, and says so.
    const waiting = await visit(page, 'Карта');
    expect(['not downloaded', 'no address to type']).toContain(waiting);
    await context.setOffline(false);
    await page.getByText(READY).waitFor({ timeout: 120_000 });
    // The screen that was waiting for its code opens by itself.
    if (waiting === 'not downloaded') await page.getByRole('heading', { name: 'Ресурстардын картасы' }).waitFor();
    else expect(await visit(page, 'Карта')).toBe('screen');
    await page.getByRole('button', { name: 'Макул' }).click();
    await expect(page.getByText(READY).count()).resolves.toBe(0);

    // Now everything works offline, before and after a reload.
    await context.setOffline(true);
    const everywhere = Object.fromEntries(EVERY_PLACE.map((name) => [name, 'screen']));
    expect(await visitEverything(page)).toEqual(everywhere);
    await page.reload();
    await shown(page, 'Ресурстардын жыйынтыгы');
    expect(await visitEverything(page)).toEqual(everywhere);
    await context.close();
  }, 300_000);

  it('picks the download up again when the network went before the service worker was installed', async () => {
    const context = await newPhone(browser);
    const page = await context.newPage();
    await page.goto(link.url);
    // The worker is registered once the first screen renders; its script alone takes a second on
    // this link, so cutting the network now leaves no worker (registering or installing fails).
    await page.getByRole('heading', { name: 'Ашарга кош келиңиз' }).waitFor({ timeout: 60_000 });
    await context.setOffline(true);
    await page.getByText('Жүктөө токтоп турат', { exact: false }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();

    await context.setOffline(false);
    await page.getByText(READY).waitFor({ timeout: 120_000 });
    await chooseNewCommunity(page);
    await context.setOffline(true);
    const everywhere = Object.fromEntries(EVERY_PLACE.map((name) => [name, 'screen']));
    expect(await visitEverything(page)).toEqual(everywhere);
    await page.reload();
    await shown(page, 'Ресурстардын жыйынтыгы');
    expect(await visitEverything(page)).toEqual(everywhere);
    await context.close();
  }, 300_000);
});

describe('the first visit’s page', () => {
  it('shows the top of the welcome screen in the phone’s language before any script runs, and the app takes its place without moving it', async () => {
    const context = await newPhone(browser, 'ru-RU');
    const page = await context.newPage();
    // The app's code held back: what shows meanwhile is the page alone.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${baseUrl}/library`, { waitUntil: 'commit' });
    const snapshot = page.locator('#start-snapshot');
    await snapshot.locator('.lead').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await snapshot.locator('h1').innerText()).toBe('Добро пожаловать в Ашар');
    expect(await snapshot.locator('.segment-active').innerText()).toBe('Русский');
    expect(await page.locator('#root').isHidden()).toBe(true);
    const before = await snapshot.locator('.lead').evaluate((lead) => lead.getBoundingClientRect().toJSON() as DOMRect);
    // Where the app's own text is at the moment the page's goes.
    await page.evaluate(() => {
      const state = window as unknown as { leadAtReveal?: DOMRect | null };
      new MutationObserver((_, observer) => {
        if (document.getElementById('start-snapshot')) return;
        state.leadAtReveal = (document.querySelector('#root .lead')?.getBoundingClientRect().toJSON() as DOMRect | undefined) ?? null;
        observer.disconnect();
      }).observe(document.body, { childList: true });
    });
    release();
    await page.getByRole('combobox', { name: /Область или город/ }).waitFor({ timeout: 60_000 });
    expect(await snapshot.count()).toBe(0);
    const atReveal = await page.evaluate(() => (window as unknown as { leadAtReveal?: DOMRect | null }).leadAtReveal);
    expect(atReveal).toEqual(before);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Добро пожаловать в Ашар');
    await context.close();
  }, 120_000);
});
