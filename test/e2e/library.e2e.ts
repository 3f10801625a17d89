import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, chooseNewCommunity, paperPhoto, signedInPhone, syncAndWait } from './app';
import { launchBrowser, newPhone } from './browser';
import { fillsThePage, printedPhotos } from './print';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const { token } = (await api(baseUrl, '/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string };
  const create = async (ky: string, rayonId: string) =>
    ((await api(baseUrl, '/communities', { name: { ky, ru: ky, en: ky }, rayonId }, token)) as { id: string }).id;
  const akTatyr = await create('Ак-Татыр', '41705214000000');
  const kochkor = await create('Кочкор', '41704235000000');
  await api(baseUrl, '/users', { username: 'asel', password: 'password-123', displayName: 'asel', role: 'staff', communityIds: [akTatyr] }, token);
  await api(baseUrl, '/users', { username: 'nurlan', password: 'password-123', displayName: 'nurlan', role: 'staff', communityIds: [kochkor] }, token);
});
afterAll(async () => {
  await browser.close();
});

async function writeCaseStudy(page: Page, fields: { title: string; worked: string; topic: string; photo?: Buffer }) {
  await page.getByRole('link', { name: 'Китепкана' }).click();
  await page.getByRole('link', { name: 'Жазуу' }).click();
  await page.getByLabel('Аталышы').fill(fields.title);
  await page.getByLabel(fields.topic).check();
  await page.getByLabel('Көйгөй жана анын шарттары').fill('Жайыт үчүн талаш-тартыш көп болчу.');
  await page.getByLabel('Эмне жасалды, кадам-кадамы менен').fill('1. Жайыт комитети түзүлдү\n2. Келишим жазылды');
  await page.getByLabel('Эмне натыйжа берди', { exact: true }).fill(fields.worked);
  if (fields.photo) {
    // A photo can go with the case study before it is first saved.
    await page.locator('input[type="file"]').setInputFiles({ name: 'meeting.jpg', mimeType: 'image/jpeg', buffer: fields.photo });
    await page.getByText('Жазуу менен бирге сакталат').waitFor();
  }
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByRole('heading', { name: fields.title }).waitFor();
}

async function libraryTitles(page: Page, query = ''): Promise<string[]> {
  await page.getByRole('link', { name: 'Китепкана' }).click();
  await page.getByRole('heading', { name: 'Жакшы тажрыйбалар' }).waitFor();
  await page.getByLabel('Китепканадан издөө').fill(query);
  // The list shows the answer for exactly this query (or the empty state).
  await page.locator(`.library-results[data-query="${query}"], .empty-state`).first().waitFor();
  return page.locator('.library-results .record-title').allTextContents();
}

describe('case-study library', () => {
  it('is written and found offline, published, and seen by another community after sync — drafts are not', async () => {
    const phoneA = await signedInPhone(browser, baseUrl, 'asel');
    await phoneA.context().setOffline(true);

    await writeCaseStudy(phoneA, {
      title: 'Жайыт комитети жана ачык келишим',
      worked: 'Малчылар менен жолугушуулар ачык жана түшүнүктүү өттү.',
      topic: 'Жаратылыш ресурстары боюнча чыр-чатак',
      photo: await paperPhoto(phoneA),
    });
    await phoneA.getByText('Каралама', { exact: true }).first().waitFor();
    expect(await phoneA.locator('.file-item').count()).toBe(1);
    await writeCaseStudy(phoneA, { title: 'Ички каралама', worked: 'Азырынча жазылып жатат.', topic: 'Мамлекеттик финансы' });

    // A word from "what worked", typed in capitals and without ү: still found, offline.
    expect(await libraryTitles(phoneA, 'ТУШУНУКТУУ')).toEqual(['Жайыт комитети жана ачык келишим']);
    await phoneA.locator('.library-results .record-link').first().click();
    await phoneA.getByRole('button', { name: 'Китепканага жарыялоо' }).click();
    await phoneA.getByText('Жарыяланды', { exact: true }).waitFor();

    // A peer adds a Russian version; the reader switches between the two.
    await phoneA.getByRole('link', { name: 'Котормо кошуу' }).click();
    await phoneA.getByText('Котормосу: Жайыт комитети жана ачык келишим').waitFor();
    expect(await phoneA.getByLabel('Тексттин тили').inputValue()).toBe('ru');
    await phoneA.getByLabel('Аталышы').fill('Пастбищный комитет и открытый договор');
    await phoneA.getByLabel('Эмне натыйжа берди', { exact: true }).fill('Встречи с животноводами были открытыми.');
    await phoneA.getByRole('button', { name: 'Сактоо' }).click();
    await phoneA.getByRole('heading', { name: 'Пастбищный комитет и открытый договор' }).waitFor();
    await phoneA.getByRole('link', { name: 'Кыргызча' }).click();
    await phoneA.getByRole('heading', { name: 'Жайыт комитети жана ачык келишим' }).waitFor();

    await phoneA.context().setOffline(false);
    await syncAndWait(phoneA);

    const phoneB = await signedInPhone(browser, baseUrl, 'nurlan');
    await syncAndWait(phoneB);
    const seenByB = await libraryTitles(phoneB);
    expect(seenByB).toContain('Жайыт комитети жана ачык келишим');
    expect(seenByB).not.toContain('Ички каралама');
    expect(await libraryTitles(phoneB, 'малчылар')).toEqual(['Жайыт комитети жана ачык келишим']);
    // With the photo picked before the first save: its thumbnail came with the record.
    await phoneB.locator('.library-results .record-link').first().click();
    await phoneB.getByRole('heading', { name: 'Жайыт комитети жана ачык келишим' }).waitFor();
    await expect.poll(() => phoneB.locator('.file-item img.file-thumb').count()).toBe(1);
    // Its print page fetches the full photo from the server and prints it whole, as large as A4 allows.
    const caseStudyId = new URL(phoneB.url()).pathname.split('/').pop()!;
    await phoneB.goto(`${baseUrl}/print/case-study/${caseStudyId}`);
    await phoneB.locator('[data-testid="print-photo"][data-full="yes"]').waitFor();
    const [printed] = await printedPhotos(phoneB);
    expect(printed).toMatchObject({ naturalWidth: 900, naturalHeight: 1200, objectFit: 'contain' });
    expect(fillsThePage(printed!), JSON.stringify(printed)).toBe(true);
    await phoneB.goBack();
    await libraryTitles(phoneB, 'малчылар');

    // B records that it applied it; A sees who applied it after sync.
    await phoneB.locator('.library-results .record-link').first().click();
    await phoneB.getByRole('button', { name: 'Биз муну колдондук' }).click();
    await phoneB.getByLabel('Кандай болду').selectOption({ label: 'Жарым-жартылай натыйжа берди' });
    await phoneB.getByLabel('Эмне жасадыңыз же өзгөрттүңүз').fill('Биз да жайыт комитетин түздүк.');
    await phoneB.getByRole('button', { name: 'Сактоо' }).click();
    await phoneB.getByText('Сакталды: жамаатыңыз бул тажрыйбаны колдонду.').waitFor();
    await syncAndWait(phoneB);
    await syncAndWait(phoneA);
    await libraryTitles(phoneA, 'келишим');
    await phoneA.locator('.library-results .record-link').first().click();
    await phoneA.getByText('Биз да жайыт комитетин түздүк.').waitFor();

    // Taken back from the library: gone from B after its next sync.
    await phoneA.getByRole('button', { name: 'Китепканадан алып салуу' }).click();
    await phoneA.getByText('Каралама', { exact: true }).first().waitFor();
    await syncAndWait(phoneA);
    await syncAndWait(phoneB);
    expect(await libraryTitles(phoneB)).not.toContain('Жайыт комитети жана ачык келишим');

    await phoneA.context().close();
    await phoneB.context().close();
  }, 120_000);

  it('marks every example as one, with what it is based on: in the list, in search, on its page, in print and in the CSV export', async () => {
    const context = await newPhone(browser, 'ky-KG');
    const page = await context.newPage();
    await page.goto(baseUrl);
    await chooseNewCommunity(page);
    await page.getByText('Китепкана азырынча бош').waitFor();
    expect(await page.locator('.empty-state').innerText()).not.toMatch(/чыныгы/i);
    await page.getByRole('button', { name: 'Мисалдарды жүктөө' }).click();
    await page.locator('.library-results .record-list').waitFor();

    // The list: every card says "example" and what it is based on.
    const cards = page.locator('.library-results .case-card');
    expect(await cards.count()).toBe(5);
    for (const card of await cards.all()) {
      expect(await card.locator('.chip-example').innerText()).toBe('Мисал');
      expect(await card.locator('.example-source').innerText()).toMatch(/^Булагы: .{20,}/);
    }
    // A search result too.
    expect(await libraryTitles(page, 'хакатонго')).toEqual(['Мисал-Булак: жаштар жамааттын ресурстарын жана жергиликтүү чечимдерди картага түшүрүү планы']);
    await page.locator('.library-results .case-card .chip-example').waitFor();
    expect(await page.locator('.library-results .example-source').innerText()).toBe(
      'Булагы: БУУӨПтүн Кыргызстандагы Акселератор лабораториясы, 2021: «Жарандардын күчүнө таянган жамаатты өнүктүрүү» окуу планы',
    );

    // Its page and its printout.
    await page.locator('.library-results .record-link').first().click();
    await page.getByRole('heading', { name: 'Мисал-Булак: жаштар жамааттын ресурстарын жана жергиликтүү чечимдерди картага түшүрүү планы' }).waitFor();
    const note = page.getByRole('note');
    await note.getByText('Бул — мисал').waitFor();
    expect(await note.innerText()).toContain('Булагы: БУУӨПтүн Кыргызстандагы Акселератор лабораториясы, 2021');
    expect(await page.locator('.facts').innerText()).toContain('Мисал-Булак (ойдон чыгарылган)');
    await page.getByRole('link', { name: 'Басып чыгаруу же PDF катары сактоо' }).click();
    await page.locator('.print-page').getByRole('note').getByText('Бул — мисал').waitFor();
    expect(await page.locator('.print-page .print-meta').last().innerText()).toMatch(/· Жарыяланды · Мисал$/);

    // The CSV export of what the list shows.
    await page.locator('.print-toolbar').getByRole('link').click();
    await libraryTitles(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV жүктөө' }).click()]);
    const csv = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.data).toHaveLength(5);
    for (const row of csv.data) {
      expect(row.example, row.title).toBe('yes');
      expect(row.based_on!.length, row.title).toBeGreaterThan(20);
    }
    await context.close();
  });
});
