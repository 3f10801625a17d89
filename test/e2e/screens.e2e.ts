import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addAsset, addWorkshop, api, signIn, syncAndWait } from './app';
import { launchBrowser, newPhone } from './browser';
import { putFieldRecords, type FieldRecords } from './field-records';
import { overflowingCards, squeezedWords } from './layout-check';

const baseUrl = inject('baseUrl');
const LANGS = ['ky', 'ru', 'en'] as const;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const SCREENSHOT_DIR = 'test-results/screenshots';
/** Each print page on A4, in every language, to be looked at (pdftoppm turns the pages into pictures). */
const PRINT_DIR = 'test-results/print';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  mkdirSync(PRINT_DIR, { recursive: true });
  // A signed-in account per language, so Settings shows the sync card as it is after a sync.
  const { token } = (await api(baseUrl, '/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string };
  const community = (await api(
    baseUrl,
    '/communities',
    { name: { ky: 'Кызыл-Жар', ru: 'Кызыл-Жар', en: 'Kyzyl-Zhar' }, rayonId: '41705214000000' },
    token,
  )) as { id: string };
  for (const lang of LANGS) {
    await api(
      baseUrl,
      '/users',
      {
        username: `screens-${lang}`,
        password: 'password-123',
        displayName: `screens-${lang}`,
        role: 'staff',
        communityIds: [community.id],
        position: 'budget_committee_chair',
      },
      token,
    );
  }
});
afterAll(async () => {
  await browser.close();
});

/** Every screen of src/app/router.tsx and the features' routes.tsx, with records to show. */
const screens = (records: FieldRecords, workshop: string, question: string, team: string) => [
  '/library',
  `/library/${records.caseStudyId}`,
  '/library/new',
  `/library/${records.caseStudyId}/edit`,
  `/print/case-study/${records.caseStudyId}`,
  '/assets',
  '/assets/new',
  `/assets/${records.assetId}`,
  '/assets/map',
  '/assets/summary',
  '/workshops',
  '/workshops/new',
  `/workshops/${workshop}`,
  `/workshops/${records.workshopId}`,
  `/workshops/${records.workshopId}/edit`,
  '/workshops/actions',
  '/workshops/insight',
  `/print/workshop/${records.workshopId}`,
  '/practice',
  '/practice/ask',
  '/practice/c/budget_committee_chair',
  `/practice/q/${question}`,
  `/practice/q/${question}/edit`,
  '/practice?q=жаштар&answered=yes',
  '/practice/desk',
  `/library/new?fromQuestion=${question}`,
  '/teams',
  '/teams/new',
  `/teams/${team}`,
  `/teams/${team}/edit`,
  `/teams/${team}/plan`,
  `/teams/${team}/report`,
  `/teams/${team}/rounds/1`,
  `/print/team/${team}/plan`,
  `/print/team/${team}/rounds/1`,
  `/print/team/${team}/progress`,
  '/settings',
  '/settings/storage',
  '/settings/backup',
  '/welcome',
  '/communities',
];

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
  });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Controls smaller than 44×44 CSS px (links inside running text are exempt, as in WCAG 2.5.8). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, a, [role="button"]')]
      .filter((el) => el.offsetParent !== null && !el.classList.contains('visually-hidden'))
      .filter((el) => !(el.tagName === 'A' && el.closest('p') && !el.classList.contains('button')))
      .filter((el) => {
        // A tick box is tapped anywhere on its label: the label is the target.
        const target = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label')! : el;
        const box = target.getBoundingClientRect();
        return box.width < 44 || box.height < 44;
      })
      .map((el) => `${el.tagName} "${el.textContent?.trim() || el.getAttribute('aria-label')}"`),
  );
}

describe('every main screen', () => {
  for (const lang of LANGS) {
    // Nineteen screens, each checked with axe and the layout check: about 40 s on an idle machine,
    // well over a minute on a busy 2-core one, so not within the 120 s every browser test gets.
    it(`is accessible and fits a 360 px phone in ${lang}: no word squeezed, no card cut`, async () => {
      const context = await newPhone(browser, 'ky-KG');
      const page = await context.newPage();
      await signIn(page, baseUrl, `screens-${lang}`);
      await addAsset(page, { name: 'Тоо булагы', category: 'Жаратылыш ресурсу', description: 'Таза суу.' });
      const workshop = await addWorkshop(page);
      const records = await putFieldRecords(page);
      const question = await askAndAnswer(page);
      const team = await startTeam(page);
      // Settings then shows the date of the last sync and its state, as after a day's work.
      await syncAndWait(page);
      if (lang !== 'ky') {
        await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
        await page
          .getByRole('button', { name: lang === 'ru' ? 'Русский' : 'English' })
          .first()
          .click();
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      }
      // Gathered over all screens, so one run names every fault on every screen.
      const problems: string[] = [];
      for (const path of screens(records, workshop, question, team)) {
        await page.goto(`${baseUrl}${path}`);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        const found = {
          axe: await axeViolations(page),
          'small target': await smallTargets(page),
          'squeezed word': await squeezedWords(page),
          'cut card': await overflowingCards(page),
        };
        for (const [kind, list] of Object.entries(found)) problems.push(...list.map((problem) => `${lang} ${path} ${kind}: ${problem}`));
        // A page wider than the phone makes a mobile browser zoom out (then innerWidth grows too).
        expect(await page.evaluate(() => window.innerWidth), `${lang} ${path} zoomed out to fit`).toBe(360);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${lang} ${path} scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${SCREENSHOT_DIR}/${lang}${path.replace(/\//g, '-')}.png`, fullPage: true });
        if (path.startsWith('/print/')) await page.pdf({ path: `${PRINT_DIR}/${lang}${path.replace(/\//g, '-')}.pdf`, format: 'A4' });
      }
      expect(problems).toEqual([]);
      await context.close();
    }, 300_000);
  }

  it('picks the language from the browser on first start: Russian phone → Russian', async () => {
    const context = await newPhone(browser, 'ru-RU');
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Добро пожаловать в Ашар' }).waitFor();
    await context.close();
  });

  it('falls back to Kyrgyz for a browser language Ashar does not speak', async () => {
    const context = await newPhone(browser, 'de-DE');
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Ашарга кош келиңиз' }).waitFor();
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Welcome to Ashar' }).waitFor();
    // Arriving on a screen puts focus on its title (once it is drawn), so a screen reader announces where you are.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    // Tab to "Not in the list — add it" and open the form with Enter.
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Not in the list — add it') break;
    }
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ak-Sai');
    expect(await page.getByLabel('Name (English)').inputValue()).toBe('Ak-Sai');
    await context.close();
  });
});

/** A question in the person's own circle, with an answer, through the app; returns its id. */
async function askAndAnswer(page: Page): Promise<string> {
  await page.goto(`${baseUrl}/practice/ask`);
  await page.getByLabel('Суроо бир сап менен').fill('Бюджеттик угууларга жаштарды кантип тартабыз?');
  await page.getByLabel('Кененирээк').fill('Өткөн жылы угууга он гана адам келди.');
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByRole('heading', { name: 'Бюджеттик угууларга жаштарды кантип тартабыз?' }).waitFor();
  await page.getByLabel('Сиздин жообуңуз').fill('Мектептерде жарыя илип, угууну кечинде өткөрдүк.');
  await page.getByRole('button', { name: 'Жоопту жөнөтүү' }).click();
  await page.getByText('Мектептерде жарыя илип').waitFor();
  return page.url().split('/practice/q/')[1]!;
}

/** A learning team with a plan (a section, an activity, a budget line), a task, round 1 submitted and a section of its report; returns its id. */
async function startTeam(page: Page): Promise<string> {
  await page.goto(`${baseUrl}/teams/new`);
  await page.getByLabel('Команданын аталышы').fill('Жаштарды бюджеттик угууларга тартуу боюнча окуу командасы');
  await page.getByRole('button', { name: 'Сактоо' }).click();
  const name = page.getByRole('heading', { name: 'Жаштарды бюджеттик угууларга тартуу боюнча окуу командасы' });
  await name.waitFor();
  const team = new URL(page.url()).pathname.split('/').at(-1)!;
  await page.getByRole('link', { name: 'Планды ачуу' }).click();
  await page.getByLabel('Көйгөй', { exact: true }).fill('Бюджеттик угууларга жаштар келбейт.');
  await page.getByRole('button', { name: 'Иш-чара кошуу' }).click();
  await page.getByLabel(/^Иш-чара \(/).fill('Тажрыйба алмашуу сапары');
  await page.getByRole('button', { name: 'Бюджет сабын кошуу' }).click();
  await page.getByLabel(/^Эмне үчүн/).fill('Жол чыгымдары');
  await page.getByLabel(/^Суммасы, сом/).fill('12 500');
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await name.waitFor();
  await page.getByRole('button', { name: 'Тапшырма кошуу' }).click();
  await page.getByLabel(/^Тапшырма \(/).fill('Сапардын программасын даярдоо');
  await page.getByLabel('Аткаруу мөөнөтү').fill('2026-01-15');
  await page.getByRole('button', { name: 'Тапшырма кошуу' }).click();
  await page.getByText('Сапардын программасын даярдоо').waitFor();
  await page.getByRole('button', { name: 'Кароого тапшыруу (1-тур)' }).click();
  await page.getByText('1-тур кароого тапшырылды.').waitFor();
  // Its final report begun (the team's screen and the printed progress show what is written).
  await page.goto(`${baseUrl}/teams/${team}/report`);
  await page.getByLabel('Эмнеге жетиштик: негизги натыйжалар').fill('Угууга 40 жаш келди; алардын үч долбоору айылдын бюджетине кирди.');
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await name.waitFor();
  return team;
}
