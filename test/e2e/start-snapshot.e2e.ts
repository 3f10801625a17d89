import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, putRecords, signIn } from './app';
import { launchBrowser, newPhone } from './browser';

// A start from the home screen shows the library as the app last drew it, from the page itself
// before any script runs (the service worker puts it in); the app then takes its place. What it
// shows must never outlive what the phone may show: a person signing out takes it away.

const baseUrl = inject('baseUrl');
let browser: Browser;
let communityId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const adminToken = ((await api(baseUrl, '/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string }).token;
  communityId = (
    (await api(baseUrl, '/communities', { name: { ky: 'Ала-Бука', ru: 'Ала-Бука', en: 'Ala-Buka' }, rayonId: '41705214000000' }, adminToken)) as { id: string }
  ).id;
  await api(
    baseUrl,
    '/users',
    { username: 'saltanat', password: 'password-123', displayName: 'saltanat', role: 'staff', communityIds: [communityId] },
    adminToken,
  );
});
afterAll(async () => {
  await browser.close();
});

const caseStudy = (n: number, title: string, status: 'published' | 'draft') => ({
  id: `5a5a5a5a-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
  communityId,
  title,
  status,
  topics: ['water'],
  language: 'ky',
  createdBy: 'saltanat',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: `2026-11-0${n}T00:00:00.000Z`,
  _v: {},
  _deleted: 0,
});

/** The snapshot's card titles, as the page had them once parsed and before any of the app's code ran (null: no snapshot). */
async function startsWith(context: BrowserContext): Promise<{ page: Page; snapshot: string[] | null }> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`, { waitUntil: 'commit' });
  const snapshot = await page.evaluate(() => (window as unknown as { __parsed: Promise<string[] | null> }).__parsed);
  return { page, snapshot };
}

/** The start snapshot kept on the phone, or null. */
function keptSnapshot(page: Page): Promise<string | null> {
  return page.evaluate(async () => (await (await caches.match('/start-snapshot', { cacheName: 'ashar-start-snapshot' }))?.text()) ?? null);
}

describe('the start snapshot', () => {
  it('shows the library before the app runs, gives way to the app, and goes when the person signs out', async () => {
    const context = await newPhone(browser);
    const page = await context.newPage();
    await signIn(page, baseUrl, 'saltanat');
    // Module scripts run once the page is parsed, before DOMContentLoaded: what the parser built is the service worker's page.
    await context.addInitScript(() => {
      (window as unknown as { __parsed: Promise<string[] | null> }).__parsed = new Promise((resolve) => {
        document.addEventListener('readystatechange', () => {
          if (document.readyState !== 'interactive') return;
          const snapshot = document.getElementById('start-snapshot');
          resolve(snapshot ? [...snapshot.querySelectorAll('.library-results .record-title')].map((title) => title.textContent ?? '') : null);
        });
      });
    });
    await putRecords(page, 'caseStudies', [caseStudy(1, 'Суу түтүгү жамаат менен', 'published'), caseStudy(2, 'Бюджет угуулары (долбоор)', 'draft')]);

    // The library shown a moment: the app keeps what it drew.
    await page.goto(`${baseUrl}/library`);
    await page.getByRole('link', { name: /Бюджет угуулары/ }).waitFor();
    await expect.poll(() => keptSnapshot(page), { timeout: 30_000 }).toContain('Бюджет угуулары (долбоор)');
    const kept = (await keptSnapshot(page))!;
    expect(kept).not.toContain(' id="');
    expect(kept).toContain('readonly');

    // The next start: the list is in the page before any script ran, then the app's own in its place.
    const { page: next, snapshot } = await startsWith(context);
    // (Other tests' published case studies may be on the server, and so in the list.)
    expect(snapshot).toEqual(expect.arrayContaining(['Бюджет угуулары (долбоор)', 'Суу түтүгү жамаат менен']));
    await next.getByRole('link', { name: /Суу түтүгү/ }).waitFor();
    await expect.poll(() => next.evaluate(() => document.getElementById('start-snapshot') === null && !document.getElementById('root')!.hidden)).toBe(true);
    expect(await next.locator('.library-results .record-title').allInnerTexts()).toEqual(
      expect.arrayContaining(['Бюджет угуулары (долбоор)', 'Суу түтүгү жамаат менен']),
    );
    // Its links are the app's: a tap opens the case study in the same page.
    await next.getByRole('link', { name: /Суу түтүгү/ }).click();
    await next.getByRole('heading', { name: 'Суу түтүгү жамаат менен' }).waitFor();
    await next.close();

    // Signing out leaves the draft behind, and the snapshot that showed it.
    await page.getByRole('link', { name: 'Жөндөөлөр' }).click();
    await page.getByRole('button', { name: 'Чыгуу', exact: true }).click();
    await page.getByRole('button', { name: 'Кирүү', exact: true }).waitFor();
    expect(await keptSnapshot(page)).toBeNull();
    const { page: after, snapshot: none } = await startsWith(context);
    expect(none).toBeNull();
    await after.getByRole('link', { name: /Суу түтүгү/ }).waitFor();
    const left = await after.locator('.library-results .record-title').allInnerTexts();
    expect(left).toContain('Суу түтүгү жамаат менен');
    expect(left).not.toContain('Бюджет угуулары (долбоор)');
    await context.close();
  });
});
