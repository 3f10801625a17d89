import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import { api, signIn, syncAndWait } from './app';
import { launchBrowser, newPhone } from './browser';

// What one person types is shown on other people's phones. Whatever it is, it must stay text: no
// markup, no script, no link that runs code. Every payload sets a flag on `window` if it ever runs.

const baseUrl = inject('baseUrl');
let browser: Browser;
const contexts: BrowserContext[] = [];

// A community name is typed by a coordinator and shown to every other community with its case studies.
const WRITER_COMMUNITY = `Кызыл-Дөбө "><img src=x onerror="window.__xss='community'">`;

beforeAll(async () => {
  browser = await launchBrowser();
  const { token } = (await api(baseUrl, '/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string };
  const community = async (name: string) =>
    ((await api(baseUrl, '/communities', { name: { ky: name, ru: name, en: name }, rayonId: '41705214000000' }, token)) as { id: string }).id;
  const writers = await community(WRITER_COMMUNITY);
  const others = await community('Талды-Суу');
  for (const [username, communityId] of [
    ['xss-writer', writers],
    ['xss-reader', writers],
    ['xss-outsider', others],
  ] as const) {
    await api(baseUrl, '/users', { username, password: 'password-123', displayName: username, role: 'staff', communityIds: [communityId] }, token);
  }
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
});

/** Every usual trick at once, one a line; each sets `window.__xss` to the field's name if it runs. */
function payload(field: string): string {
  return [
    `<script>window.__xss='${field}';alert(1)</script>`,
    `<img src=x onerror="window.__xss='${field}';alert(2)">`,
    `"><svg onload="window.__xss='${field}'">`,
    `[открыть](javascript:window.__xss='${field}')`,
    `javascript:window.__xss='${field}'`,
    `JaVaScRiPt:window.__xss='${field}' java\tscript:window.__xss='${field}' &#106;avascript:window.__xss='${field}' data:text/html,<script>window.__xss='${field}'</script> vbscript:msgbox(1) һttps://evil.example`,
    `{{constructor.constructor('window.__xss=1')()}}`,
    `${field}: https://example.org/report?field=${field}&x=1. <https://example.org/b?x="><b>`,
  ].join('\n');
}
/** For short fields (names, titles). */
const short = (field: string) => `"><img src=x onerror="window.__xss='${field}'">`;
/** The line of a payload that would most surely run if it were parsed as HTML. */
const visible = (field: string) => `<img src=x onerror="window.__xss='${field}';alert(2)">`;

interface Phone {
  page: Page;
  dialogs: string[];
}

/** A phone under the app's real security policy that records any dialog and any blocked script. */
async function phone(username: string, options: Parameters<typeof newPhone>[2] = {}): Promise<Phone> {
  const context = await newPhone(browser, 'ky-KG', { bypassCSP: false, ...options });
  contexts.push(context);
  await context.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.sample}`));
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, baseUrl, username);
  return { page, dialogs };
}

/** Nothing ran, nothing was even tried (the policy reported nothing), and no markup came from the text. */
async function expectInert({ page, dialogs }: Phone, where: string) {
  // Markup that became an element would run when its image fails: wait until every image has
  // loaded or failed, and a frame has passed for the handlers to run.
  await page.waitForFunction(() => [...document.images].every((image) => image.complete), undefined, { timeout: 10_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  const state = await page.evaluate(() => ({
    ran: (window as unknown as { __xss?: unknown }).__xss ?? null,
    blocked: (window as unknown as { __violations: string[] }).__violations,
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    inlineScripts: [...document.scripts].filter((script) => !script.src).length,
    // Every link goes to a web page or a phone number: no javascript:, data:, vbscript: or the like.
    codeLinks:
      document.querySelectorAll('iframe, object, embed').length +
      [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].filter((a) => !['http:', 'https:', 'tel:'].includes(a.protocol)).length,
  }));
  expect(state, where).toEqual({ ran: null, blocked: [], handlers: 0, inlineScripts: 0, codeLinks: 0 });
  expect(dialogs, where).toEqual([]);
  // Long words from anyone wrap: the page never scrolls sideways on a 360 px phone.
  const overflowing = await page.evaluate(() =>
    document.documentElement.scrollWidth <= document.documentElement.clientWidth
      ? []
      : [...document.querySelectorAll('body *:not(.visually-hidden)')]
          .filter((element) => element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0 && getComputedStyle(element).overflowX === 'visible')
          .map((element) => `${element.tagName.toLowerCase()}: ${(element.textContent ?? '').slice(0, 40)}`),
  );
  expect(overflowing, `${where}: wider than the phone`).toEqual([]);
}

async function shownAsText(page: Page, texts: string[], where: string) {
  const body = await page.locator('body').innerText();
  for (const text of texts) expect(body, `${where}: ${text}`).toContain(text);
}

async function fillAll(page: Page, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
}

describe('content typed on one phone and shown on another', () => {
  it('never runs as script: assets, a published case study, a workshop with participants and actions, on every screen', async () => {
    const writer = await phone('xss-writer', { geolocation: { latitude: 40.06, longitude: 70.82, accuracy: 8 }, permissions: ['geolocation'] });
    const a = writer.page;

    // An asset with a position, every free-text field a payload.
    await a.goto(`${baseUrl}/assets/new`);
    await a.locator('.category-choice', { hasText: 'Инфраструктура' }).click();
    await fillAll(a, {
      Аталышы: short('asset-name'),
      Сүрөттөмө: payload('asset-description'),
      'Ээси же кароочусу': short('asset-steward'),
      'Ким колдоно алат': payload('asset-access'),
      'Колдонуу боюнча талаш': payload('asset-dispute'),
      Тегдер: '<svg onload=alert(1)>, javascript:alert(1)',
    });
    await a.getByRole('button', { name: 'Жайгашкан жеримди табуу (GPS)' }).click();
    await a.getByRole('button', { name: 'Ушул жерди колдонуу' }).click();
    await a.getByRole('button', { name: 'Сактоо' }).click();
    await a.getByText('Ресурс ушул телефондо сакталды.').waitFor();

    // A case study, published to every community. A phone number that is code is refused.
    await a.goto(`${baseUrl}/library/new`);
    await a.getByLabel('Жаратылыш ресурстары боюнча чыр-чатак').check();
    await fillAll(a, {
      Аталышы: short('case-title'),
      'Көйгөй жана анын шарттары': payload('case-problem'),
      'Эмне жасалды, кадам-кадамы менен': payload('case-actions'),
      Натыйжалар: payload('case-results'),
      'Эмне натыйжа берди': payload('case-worked'),
      'Эмне натыйжа берген жок жана эмне үчүн': payload('case-didNotWork'),
      'Кайталагысы келген кесиптешке кеңеш': payload('case-advice'),
      'Ресурстар жөнүндө кошумча': payload('case-resources'),
    });
    await a.getByLabel('Байланыш адамы аты жазылып, ага чалууга макул болду').check();
    await fillAll(a, { 'Аты-жөнү': short('case-contact'), Телефону: 'javascript:alert(1)' });
    await a.getByRole('button', { name: 'Сактоо' }).click();
    await a.getByText('Телефон номеринде сандар, боштук жана + ( ) - гана болот.').waitFor();
    await a.getByLabel('Телефону').fill('+996 555 000 111');
    await a.getByRole('button', { name: 'Сактоо' }).click();
    await a.getByRole('heading', { name: short('case-title') }).waitFor();
    const caseStudyId = new URL(a.url()).pathname.split('/').pop()!;
    await a.getByRole('button', { name: 'Китепканага жарыялоо' }).click();
    await a.getByText('Жарыяланды', { exact: true }).waitFor();

    // An exchange visit with a named participant and a follow-up action.
    await a.goto(`${baseUrl}/workshops/new`);
    await a.getByLabel('Иш-чаранын түрү').selectOption({ label: 'Тажрыйба алмашуу сапары' });
    await a.getByLabel('Жамаат кошуу…').selectOption({ label: 'Талды-Суу' });
    await a.getByLabel('Тургун: Аялдар').fill('3');
    await fillAll(a, {
      Аталышы: short('workshop-title'),
      Фасилитаторлор: short('workshop-facilitators'),
      'Күн тартиби': payload('workshop-agenda'),
      Эскертмелер: payload('workshop-notes'),
      'Эмне иштеди жана эмне үчүн': payload('workshop-worked'),
      'Эмне иштеген жок жана эмне үчүн': payload('workshop-didNotWork'),
      'Катышуучулардын суроолору': payload('workshop-questions'),
      Чечимдер: payload('workshop-decisions'),
    });
    await a.getByRole('button', { name: 'Сактоо' }).click();
    await a.getByText('Ушул телефонго сакталды.').waitFor();
    const workshopId = new URL(a.url()).pathname.split('/').pop()!;
    await a.getByRole('button', { name: 'Катышуучуну аты менен кошуу' }).click();
    const person = a.getByRole('form', { name: 'Катышуучуну аты менен кошуу' });
    await person.getByLabel('Аты-жөнү').fill(short('participant'));
    await person.getByText('Бул адам телефон номери сакталышына макул').click();
    await person.getByRole('textbox', { name: 'Телефон' }).fill('javascript:alert(1)');
    await person.getByRole('button', { name: 'Катышуучуну кошуу' }).click();
    await person.getByText('Телефон номеринде сандар, боштук жана + ( ) - гана болот.').waitFor();
    await person.getByRole('textbox', { name: 'Телефон' }).fill('+996 700 000 222');
    await person.getByRole('button', { name: 'Катышуучуну кошуу' }).click();
    await a.locator('.participant-item').waitFor();
    await a.getByRole('button', { name: 'Кийинки иш кошуу' }).click();
    const action = a.getByRole('form', { name: 'Кийинки иш кошуу' });
    await action.getByLabel('Эмне кылынат').fill(payload('action'));
    await action.getByLabel('Ким аткарат').fill(short('action-owner'));
    await action.getByLabel('Мөөнөтү').fill('2026-01-15');
    await action.getByRole('button', { name: 'Ишти кошуу' }).click();
    await a.locator('[data-testid="action-item"]').waitFor();
    await expectInert(writer, 'the writer');
    await syncAndWait(a);

    // Sent around the form, straight to the server, such a phone number is refused there too.
    const { token } = (await api(baseUrl, '/auth/login', { username: 'xss-writer', password: 'password-123' })) as { token: string };
    const hlc = encodeHlc({ wallMs: Date.now(), counter: 0, node: 'xsscheck' });
    const refused = (await api(
      baseUrl,
      '/sync',
      {
        clientId: 'xss-check',
        cursor: null,
        changes: [{ id: newId(), collection: 'caseStudies', docId: caseStudyId, hlc, set: { contactPhone: 'javascript:alert(1)' } }],
      },
      token,
    )) as { rejected: { code: string }[] };
    expect(refused.rejected.map((rejection) => rejection.code)).toEqual(['not_phone']);

    // Another person of the same community sees all of it, on every screen, as text.
    const reader = await phone('xss-reader');
    const b = reader.page;
    await syncAndWait(b);
    const screens: [string, string[]][] = [
      ['/assets', [short('asset-name')]],
      ['/assets/summary', []],
      [
        `/library/${caseStudyId}`,
        [
          WRITER_COMMUNITY,
          ...['problem', 'actions', 'results', 'worked', 'didNotWork', 'advice', 'resources'].map((field) => visible(`case-${field}`)),
          short('case-contact'),
        ],
      ],
      [`/print/case-study/${caseStudyId}`, [short('case-title'), visible('case-problem'), visible('case-advice')]],
      ['/workshops', [short('workshop-title')]],
      [`/workshops/${workshopId}`, [short('workshop-title'), short('participant'), visible('action')]],
      ['/workshops/actions', [short('action-owner')]],
      ['/workshops/insight', [WRITER_COMMUNITY]],
      [
        `/print/workshop/${workshopId}`,
        [
          visible('workshop-agenda'),
          visible('workshop-notes'),
          visible('workshop-worked'),
          visible('workshop-didNotWork'),
          visible('workshop-questions'),
          visible('workshop-decisions'),
          short('participant'),
        ],
      ],
    ];
    for (const [path, texts] of screens) {
      await b.goto(`${baseUrl}${path}`);
      await b.locator('h1').first().waitFor();
      await b.waitForLoadState('networkidle');
      await shownAsText(b, texts, path);
      await expectInert(reader, path);
    }
    // Web addresses became links that open apart from the app; nothing else did.
    await b.goto(`${baseUrl}/library/${caseStudyId}`);
    await b.locator('.rich-text').first().waitFor();
    const webLinks = await b
      .locator('.rich-text a')
      .evaluateAll((anchors) => anchors.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })));
    expect(webLinks.length).toBeGreaterThanOrEqual(12);
    for (const link of webLinks) {
      // The sentence's full stop and the angle brackets and quote around an address stay outside it.
      expect(link.href).toMatch(/^https:\/\/example\.org\/(report\?field=case-\w+&x=1|b\?x=)$/);
      expect(link).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
    }
    // The phone numbers became tel: links of digits only.
    await b.goto(`${baseUrl}/library/${caseStudyId}`);
    expect(await b.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+996555000111');
    await b.goto(`${baseUrl}/workshops/${workshopId}`);
    expect(await b.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+996700000222');

    // The asset's form shows each text in its field, as typed.
    await b.goto(`${baseUrl}/assets`);
    await b.locator('.record-link').first().click();
    expect(await b.getByLabel('Сүрөттөмө').inputValue()).toBe(payload('asset-description'));
    expect(await b.getByLabel('Колдонуу боюнча талаш').inputValue()).toBe(payload('asset-dispute'));
    await expectInert(reader, 'the asset form');

    // The map: the marker's popup names the asset as text.
    await b.goto(`${baseUrl}/assets/map`);
    await b.locator('.map-asset').first().click();
    await b.locator('.leaflet-popup-content strong').waitFor();
    expect(await b.locator('.leaflet-popup-content strong').innerText()).toBe(short('asset-name'));
    await expectInert(reader, 'the map popup');

    // The library, searched: the card and its snippet of the matching text.
    await b.goto(`${baseUrl}/library`);
    await b.getByLabel('Китепканадан издөө').fill('onerror');
    await b.locator('.library-results[data-query="onerror"]').waitFor();
    await shownAsText(b, [short('case-title')], 'library search');
    await expectInert(reader, 'library search');

    // Someone of another community sees the published case study, as text too.
    const outsider = await phone('xss-outsider');
    const c = outsider.page;
    await syncAndWait(c);
    for (const [path, texts] of [
      ['/library', [short('case-title')]],
      [`/library/${caseStudyId}`, [WRITER_COMMUNITY, visible('case-problem'), visible('case-worked')]],
      [`/print/case-study/${caseStudyId}`, [short('case-title'), visible('case-resources')]],
    ] as [string, string[]][]) {
      await c.goto(`${baseUrl}${path}`);
      await c.locator('h1').first().waitFor();
      await c.waitForLoadState('networkidle');
      await shownAsText(c, texts, `another community: ${path}`);
      await expectInert(outsider, `another community: ${path}`);
    }
  }, 180_000);
});

describe('the security policy', () => {
  it('is sent with every page, allowing scripts from the app alone', async () => {
    for (const path of ['/', '/index.html', '/assets/new', '/print/case-study/anything']) {
      const policy = (await fetch(`${baseUrl}${path}`)).headers.get('content-security-policy');
      expect(policy, path).toBeTruthy();
      const scriptSrc = policy!
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith('script-src '));
      expect(scriptSrc, path).toBe("script-src 'self'");
      expect(policy, path).toContain("object-src 'none'");
      expect(policy, path).toContain("base-uri 'none'");
    }
  });

  it('blocks and reports markup that reaches the page by innerHTML, which would run without it', async () => {
    const inject = (page: Page) =>
      page.evaluate(async () => {
        const reported: string[] = [];
        document.addEventListener('securitypolicyviolation', (event) => reported.push(event.violatedDirective));
        const box = document.createElement('div');
        box.innerHTML = `<img src="data:," onerror="window.__xss='img'"><svg><image href="data:," onerror="window.__xss='svg'"></image></svg>`;
        document.body.append(box);
        const script = document.createElement('script');
        script.textContent = "window.__xss = 'script'";
        document.body.append(script);
        // Until it ran, or the policy reported both the handler and the script (or 10 s passed).
        const ran = () => (window as unknown as { __xss?: string }).__xss ?? null;
        const deadline = Date.now() + 10_000;
        while (!ran() && reported.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        return { ran: ran(), reported };
      });

    const guarded = await newPhone(browser, 'ky-KG', { bypassCSP: false });
    contexts.push(guarded);
    const page = await guarded.newPage();
    await page.goto(baseUrl);
    const outcome = await inject(page);
    expect(outcome.ran).toBeNull();
    expect(outcome.reported.length).toBeGreaterThanOrEqual(2);
    expect(outcome.reported.every((directive) => directive.startsWith('script-src'))).toBe(true);

    // The same page without its policy runs it: the check above can see script running.
    const unguarded = await newPhone(browser, 'ky-KG', { bypassCSP: true });
    contexts.push(unguarded);
    const control = await unguarded.newPage();
    await control.goto(baseUrl);
    expect((await inject(control)).ran).not.toBeNull();
  });
});
