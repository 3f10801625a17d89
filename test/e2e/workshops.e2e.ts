import Papa from 'papaparse';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseNewCommunity, paperPhoto, putRecords, waitForServiceWorker } from './app';
import { launchBrowser, newPhone } from './browser';
import { storedDraft } from './idb';
import { A4_INSIDE_MM, fillsThePage, printedPhotos } from './print';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function download(page: Page, button: string): Promise<Record<string, string>[]> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return Papa.parse<Record<string, string>>(bytes.toString('utf8'), { header: true, skipEmptyLines: true }).data;
}

async function addParticipant(page: Page, person: { name: string; gender: string; role: string; community: string; phone?: string }) {
  await page.getByRole('button', { name: 'Катышуучуну аты менен кошуу' }).click();
  const form = page.getByRole('form', { name: 'Катышуучуну аты менен кошуу' });
  await form.getByLabel('Аты-жөнү').fill(person.name);
  await form.locator('.segment', { hasText: person.gender }).click();
  await form.getByLabel('Ролу').selectOption({ label: person.role });
  await form.getByLabel('Кайсы жамааттан').selectOption({ label: person.community });
  if (person.phone) {
    await form.getByText('Бул адам телефон номери сакталышына макул').click();
    await form.getByRole('textbox', { name: 'Телефон' }).fill(person.phone);
  }
  await form.getByRole('button', { name: 'Катышуучуну кошуу' }).click();
  await page.locator('.participant-item', { hasText: person.name }).waitFor();
}

async function addAction(page: Page, action: { text: string; owner: string; due: string }) {
  await page.getByRole('button', { name: 'Кийинки иш кошуу' }).click();
  const form = page.getByRole('form', { name: 'Кийинки иш кошуу' });
  await form.getByLabel('Эмне кылынат').fill(action.text);
  await form.getByLabel('Ким аткарат').fill(action.owner);
  await form.getByLabel('Жамаат').selectOption({ label: 'Кара-Суу' });
  await form.getByLabel('Мөөнөтү').fill(action.due);
  await form.getByRole('button', { name: 'Ишти кошуу' }).click();
  await page.locator('[data-testid="action-item"]', { hasText: action.text }).waitFor();
}

describe('workshops and exchange visits', () => {
  it('records an exchange visit offline: head count, named people, actions and a photo; actions, report and exports agree', async () => {
    const context = await newPhone(browser, 'ky-KG', { acceptDownloads: true, bypassCSP: false });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page, 'Ак-Сай');
    await waitForServiceWorker(page);
    const now = new Date().toISOString();
    await putRecords(page, 'communities', [
      {
        id: '0b7d4f1e-6a43-4c1e-9d7b-5f2a8e3c1a01',
        name: { ky: 'Кара-Суу', ru: 'Кара-Суу', en: 'Kara-Suu' },
        rayonCode: null,
        code: null,
        createdAt: now,
        updatedAt: now,
      },
      {
        id: '0b7d4f1e-6a43-4c1e-9d7b-5f2a8e3c1a02',
        name: { ky: 'Кызыл-Жар', ru: 'Кызыл-Жар', en: 'Kyzyl-Zhar' },
        rayonCode: null,
        code: null,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    // Written behind the app's back: a reload makes it read them afresh.
    await page.reload();
    const sheet = await paperPhoto(page);

    await context.setOffline(true);
    await page.getByRole('link', { name: 'Иш-чаралар' }).click();
    await page.getByRole('link', { name: 'Жаңы иш-чара' }).click();
    await page.getByLabel('Иш-чаранын түрү').selectOption({ label: 'Тажрыйба алмашуу сапары' });
    await page.getByLabel('Аталышы').fill('Кара-Суу менен Кызыл-Жар Ак-Сайдын суу комитетинен үйрөнөт');
    await page.getByLabel('Жамаат кошуу…').selectOption({ label: 'Кара-Суу' });
    await page.getByLabel('Жамаат кошуу…').selectOption({ label: 'Кызыл-Жар' });
    await page.getByLabel('Тургун: Аялдар').fill('5');
    await page.getByLabel('Тургун: Эркектер').fill('4');
    await page.getByLabel('Жаштар: Аялдар').fill('2');
    await expect.poll(() => page.getByTestId('tally-total-female').innerText()).toBe('7');

    // The phone switches off mid-form (once the draft holds the last number): everything typed comes back.
    await expect
      .poll(async () => ((await storedDraft(page, 'workshop:new'))?.tally as Record<string, string> | undefined)?.['youth.female'], { timeout: 10_000 })
      .toBe('2');
    await page.reload();
    await page.getByText('Акыркы жолу жазылган, бирок сакталбаган маалымат калыбына келтирилди.').waitFor();
    expect(await page.getByLabel('Жаштар: Аялдар').inputValue()).toBe('2');
    expect(await page.locator('.picked-item span').allTextContents()).toEqual(['Кара-Суу', 'Кызыл-Жар']);

    await page.getByLabel('Эмне иштеди жана эмне үчүн').fill('Суу комитети ар бир үйдөн төлөм чогултат.\n- ачык отчёт\n- жыйында шайланган эсепчи');
    await page.getByLabel('Чечимдер').fill('Кара-Суу өз суу комитетин түзөт.');
    await page.locator('input[type="file"]').setInputFiles({ name: 'attendance.jpg', mimeType: 'image/jpeg', buffer: sheet });
    await page.getByText('Жазуу менен бирге сакталат').waitFor();
    await page.getByRole('button', { name: 'Сактоо' }).click();
    await page.getByText('Ушул телефонго сакталды.').waitFor();
    await page.locator('.file-item').first().waitFor();
    expect(await page.locator('.file-item').count()).toBe(1);

    await addParticipant(page, { name: 'Айгүл Токтогулова', gender: 'Аялдар', role: 'Финансист', community: 'Кара-Суу', phone: '+996 555 123 456' });
    await addParticipant(page, { name: 'Нурбек Асанов', gender: 'Эркектер', role: 'Айыл өкмөтүнүн башчысы', community: 'Кызыл-Жар' });
    await addParticipant(page, {
      name: 'Гүлнара Осмонова',
      gender: 'Аялдар',
      role: 'Айылдык кеңештин депутаты / бюджеттик комиссиянын төрагасы',
      community: 'Кара-Суу',
    });
    await addAction(page, { text: 'Суу комитетинин уставын даярдоо', owner: 'Айгүл Токтогулова', due: '2026-01-15' });
    await addAction(page, { text: 'Жыйында суу тарифин талкуулоо', owner: 'Нурбек Асанов', due: '2099-06-01' });

    // 11 counted without names + 3 named: 9 women, 5 men.
    await expect.poll(() => page.getByTestId('people-summary').innerText()).toBe('Баары 14 катышуучу: аялдар — 9, эркектер — 5.');
    expect(await page.getByTestId('total-all').innerText()).toBe('14');

    // The overdue action is on the actions screen, in the overdue part; the other one is open.
    await page.getByRole('link', { name: 'Артка' }).click();
    await page.getByRole('link', { name: /Аткарыла элек иштер: 2/ }).click();
    const overdue = page.getByTestId('overdue-actions');
    await overdue.waitFor();
    expect(await overdue.locator('[data-testid="action-item"] .record-title').allTextContents()).toEqual(['Суу комитетинин уставын даярдоо']);
    expect(await page.getByTestId('open-actions').locator('.record-title').allTextContents()).toEqual(['Жыйында суу тарифин талкуулоо']);

    // The report page: correct totals by gender and role, the named list, lessons and actions.
    await overdue.getByRole('link', { name: 'Кара-Суу менен Кызыл-Жар Ак-Сайдын суу комитетинен үйрөнөт' }).click();
    await page.getByRole('link', { name: 'Басып чыгаруу үчүн отчёт' }).click();
    await page.getByTestId('report-summary').waitFor();
    expect(await page.getByTestId('total-all').innerText()).toBe('14');
    expect(await page.getByTestId('total-female').innerText()).toBe('9');
    expect(await page.getByTestId('total-male').innerText()).toBe('5');
    const citizens = page.getByTestId('totals').locator('tr', { hasText: 'Тургун' });
    expect(await citizens.locator('td').allTextContents()).toEqual(['5', '4', '9']);
    expect(await page.getByTestId('report-participants').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('report-actions').locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining('Мөөнөтү өттү'),
      expect.stringContaining('Аткарылууда'),
    ]);
    expect(await page.locator('.print-page').innerText()).not.toContain('+996');
    await page.getByText('Суу комитети ар бир үйдөн төлөм чогултат.').waitFor();

    // The paper attendance sheet prints whole and readable: the full photo (900 × 1200), not its
    // thumbnail, uncropped, as large as an A4 page allows, and on one page.
    const [printedSheet] = await printedPhotos(page);
    expect(printedSheet).toMatchObject({ naturalWidth: 900, naturalHeight: 1200, objectFit: 'contain', full: 'yes' });
    expect(fillsThePage(printedSheet!), JSON.stringify(printedSheet)).toBe(true);
    expect(printedSheet!.figureHeightMm).toBeLessThanOrEqual(A4_INSIDE_MM.height);
    // The report as it prints, kept to be looked at (pdftoppm turns its pages into pictures).
    mkdirSync('test-results/print', { recursive: true });
    await page.pdf({ path: 'test-results/print/workshop-report-ky.pdf', format: 'A4' });

    // Exports of events, participants and actions parse back with the same values.
    await page.getByRole('link', { name: 'Иш-чарага кайтуу' }).click();
    await page.getByRole('link', { name: 'Артка' }).click();
    await page.locator('.record-link').first().waitFor();
    const [event] = await download(page, 'Иш-чаралар (CSV)');
    expect(event).toMatchObject({
      type: 'exchange_visit',
      host_community: 'Ак-Сай',
      visiting_communities: 'Кара-Суу; Кызыл-Жар',
      participants_total: '14',
      female: '9',
      male: '5',
      named: '3',
      photos: '1',
      actions_overdue: '1',
    });
    const people = await download(page, 'Катышуучулар (CSV)');
    expect(people.map((person) => [person.name, person.gender, person.community, person.phone])).toEqual([
      ['Айгүл Токтогулова', 'female', 'Кара-Суу', "'+996 555 123 456"],
      ['Нурбек Асанов', 'male', 'Кызыл-Жар', ''],
      ['Гүлнара Осмонова', 'female', 'Кара-Суу', ''],
    ]);
    const actions = await download(page, 'Иштер (CSV)');
    expect(actions.map((action) => [action.action, action.due_date, action.overdue])).toEqual([
      ['Суу комитетинин уставын даярдоо', '2026-01-15', 'yes'],
      ['Жыйында суу тарифин талкуулоо', '2099-06-01', 'no'],
    ]);

    // Insight: who visited whom.
    await page.getByRole('link', { name: 'Диаграммалар' }).click();
    const network = page.getByTestId('visit-network');
    await network.locator('tbody tr').first().waitFor();
    expect(await network.locator('tbody tr').allInnerTexts()).toEqual(['Кара-Суу\tАк-Сай\t1', 'Кызыл-Жар\tАк-Сай\t1']);
    expect(await page.getByTestId('by-role').locator('canvas').count()).toBe(1);
    await context.close();
  });
});
