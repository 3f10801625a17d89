import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api as apiCall, paperPhoto, signedInPhone, syncAndWait } from './app';
import { launchBrowser } from './browser';

// Circles of practice on three real phones in three communities, in Kyrgyz: a finance officer asks
// offline with a photo, a finance officer elsewhere answers offline, the asker marks the answer helpful and
// accepts it; a head of ayil okmotu, who does not follow the finance circle, has none of it until
// they follow it; a coordinator hides the answer and it leaves the other phones.

const baseUrl = inject('baseUrl');
let browser: Browser;

const api = (path: string, body: unknown, token?: string) => apiCall(baseUrl, path, body, token);

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = ((await api('/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string }).token;
  const users = [
    ['cop-fin-a', 'Тоо-Суу', 'finance_officer'],
    ['cop-fin-b', 'Жер-Уй', 'finance_officer'],
    ['cop-head-c', 'Көк-Жар', 'ao_head'],
  ] as const;
  for (const [username, community, position] of users) {
    const { id } = (await api('/communities', { name: { ky: community, ru: community, en: community }, rayonId: '41705214000000' }, admin)) as { id: string };
    await api('/users', { username, password: 'password-123', displayName: username, role: 'staff', communityIds: [id], position }, admin);
    if (username === 'cop-fin-b') {
      // The help desk of the second test: a facilitator, and a specialist it asks to answer.
      await api(
        '/users',
        { username: 'desk-facilitator', password: 'password-123', displayName: 'desk-facilitator', role: 'facilitator', communityIds: [id] },
        admin,
      );
      await api(
        '/users',
        { username: 'desk-expert', password: 'password-123', displayName: 'desk-expert', role: 'staff', communityIds: [id], position: 'specialist' },
        admin,
      );
    }
    if (username === 'cop-fin-a') {
      await api(
        '/users',
        { username: 'cop-coordinator', password: 'password-123', displayName: 'cop-coordinator', role: 'coordinator', communityIds: [id] },
        admin,
      );
    }
  }
}, 60_000);
afterAll(async () => {
  await browser.close();
});

const TITLE = 'Жер салыгын чогултууну кантип жакшыртабыз?';
const ANSWER = 'Мүлк реестрин жаңыртып, ар бир үй-бүлөгө SMS эскертүү жибердик.';

/** From the library, as a person finds them: the circles, then one circle. */
async function openCircles(page: Page) {
  await page.getByRole('link', { name: 'Китепкана' }).click();
  await page.getByRole('link', { name: 'Кесиптештерден сураңыз: тажрыйба алмашуу топтору' }).click();
  await page.getByRole('heading', { name: 'Тажрыйба алмашуу топтору' }).waitFor();
}

async function openCircle(page: Page, circle: string) {
  await openCircles(page);
  await page.getByRole('link', { name: new RegExp(`^${circle}`) }).click();
}

describe('circles of practice', () => {
  it('asked offline in Kyrgyz, answered offline elsewhere, marked helpful and accepted; a phone not following has none of it until it follows; a hidden answer leaves the other phones', async () => {
    const asker = await signedInPhone(browser, baseUrl, 'cop-fin-a');
    const peer = await signedInPhone(browser, baseUrl, 'cop-fin-b');
    const head = await signedInPhone(browser, baseUrl, 'cop-head-c');

    // The asker, offline: the form starts in their own circle, the question is kept and shown at once.
    await asker.context().setOffline(true);
    await openCircles(asker);
    await asker.getByRole('link', { name: 'Суроо берүү' }).click();
    await asker.getByLabel('Суроо бир сап менен').fill(TITLE);
    await asker.getByLabel('Кененирээк').fill('Төлөөчүлөрдүн жарымы гана төлөйт.\n- реестр эски\n- эскертүү жок');
    expect(await asker.getByLabel('Топ').inputValue()).toBe('finance_officer');
    // A photo of the tax register, kept on the phone at once and sent with the question.
    await asker.locator('input[type="file"]').setInputFiles({ name: 'register.jpg', mimeType: 'image/jpeg', buffer: await paperPhoto(asker) });
    await asker.getByText('Жазуу менен бирге сакталат').waitFor();
    await asker.getByRole('button', { name: 'Сактоо' }).click();
    await asker.getByRole('heading', { name: TITLE }).waitFor();
    await asker.locator('.post .file-item img').waitFor();
    await asker.getByText('Азырынча жооп жок.').waitFor();
    await asker.context().setOffline(false);
    await syncAndWait(asker);

    // A finance officer in another community has it after sync, and answers offline.
    await syncAndWait(peer);
    await peer.context().setOffline(true);
    await openCircle(peer, 'Финансы адистери');
    await peer.getByRole('link', { name: TITLE }).click();
    await peer.getByText('cop-fin-a · финансы адиси · Тоо-Суу').waitFor();
    // The photo's preview came with the question: seen offline, before its file is fetched.
    expect(await peer.locator('.post .file-item img').getAttribute('src')).toMatch(/^(data:image\/(webp|jpeg)|blob:)/);
    await peer.getByLabel('Сиздин жообуңуз').fill(ANSWER);
    await peer.getByRole('button', { name: 'Жоопту жөнөтүү' }).click();
    await peer.getByText(ANSWER).waitFor();
    // The form is empty again for the next answer.
    await expect.poll(() => peer.getByLabel('Сиздин жообуңуз').inputValue()).toBe('');
    await peer.context().setOffline(false);
    await syncAndWait(peer);

    // The head of ayil okmotu does not follow the finance circle: nothing on the phone.
    await syncAndWait(head);
    await openCircle(head, 'Финансы адистери');
    await head.getByText('Бул топто телефондо азырынча суроо жок.').waitFor();

    // The asker is told of the new answer (counted on the way from the library, listed in the
    // circles), reads it, marks it helpful and accepts it; then nothing is new any more.
    await syncAndWait(asker);
    await asker.getByRole('link', { name: 'Китепкана' }).click();
    await asker
      .getByRole('link', { name: /Кесиптештерден сураңыз/ })
      .filter({ hasText: 'Жаңы: 1' })
      .waitFor();
    await openCircles(asker);
    const news = asker.locator('section', { has: asker.getByRole('heading', { name: 'Сиз үчүн жаңы' }) });
    await news
      .getByRole('link', { name: new RegExp(TITLE.replace('?', '\\?')) })
      .filter({ hasText: 'Жаңы жооптор: 1' })
      .click();
    await asker.getByText(ANSWER).waitFor();
    await asker.getByText('cop-fin-b · финансы адиси · Жер-Уй').waitFor();
    await asker.getByRole('button', { name: 'Пайдалуу', exact: true }).click();
    await asker.getByText('Пайдалуу: 1').waitFor();
    await asker.getByRole('button', { name: 'Бул менин суроомо жооп' }).click();
    await asker.getByText('Кабыл алынган жооп').waitFor();
    await openCircles(asker);
    expect(await asker.getByRole('heading', { name: 'Сиз үчүн жаңы' }).count()).toBe(0);
    await syncAndWait(asker);

    // The peer marks it too (their own answer): two people, two marks, and the acceptance arrives.
    await syncAndWait(peer);
    await openCircle(peer, 'Финансы адистери');
    await peer.getByText('Жооп кабыл алынды').waitFor();
    await peer.getByRole('link', { name: TITLE }).click();
    await peer.getByText('Кабыл алынган жооп').waitFor();
    await peer.getByText('Пайдалуу: 1').waitFor();
    await peer.getByRole('button', { name: 'Пайдалуу', exact: true }).click();
    await peer.getByText('Пайдалуу: 2').waitFor();
    await syncAndWait(peer);
    await syncAndWait(asker);
    await asker.goto(`${baseUrl}/practice`);
    await openCircle(asker, 'Финансы адистери');
    await asker.getByRole('link', { name: TITLE }).click();
    await asker.getByText('Пайдалуу: 2').waitFor();

    // The head follows the finance circle: the whole thread comes with the next sync, and reads offline.
    await openCircle(head, 'Финансы адистери');
    await head.getByRole('button', { name: 'Жазылуу' }).click();
    await head.getByRole('button', { name: 'Жазылууну токтотуу' }).waitFor();
    await syncAndWait(head);
    await head.context().setOffline(true);
    await openCircle(head, 'Финансы адистери');
    await head.getByRole('link', { name: TITLE }).click();
    await head.getByText(ANSWER).waitFor();
    await head.getByText('Пайдалуу: 2').waitFor();
    await head.getByText('Кабыл алынган жооп').waitFor();
    await head.context().setOffline(false);

    // A coordinator hides the answer with a reason: it leaves the other phones at their next sync;
    // its author keeps it and reads why.
    const coordinator = await signedInPhone(browser, baseUrl, 'cop-coordinator');
    await syncAndWait(coordinator);
    await openCircle(coordinator, 'Финансы адистери');
    await coordinator.getByRole('link', { name: TITLE }).click();
    await coordinator.getByText(ANSWER).waitFor();
    const answerCard = coordinator.locator('li', { hasText: ANSWER });
    await answerCard.getByRole('button', { name: 'Жашыруу' }).click();
    await answerCard.getByLabel('Эмне үчүн (автор муну окуйт)').fill('Жооптогу телефон номерлери жеке маалымат.');
    await answerCard.getByRole('button', { name: 'Жашыруу' }).click();
    await coordinator.getByText('Координатор жашырды: Жооптогу телефон номерлери жеке маалымат.').waitFor();
    await syncAndWait(coordinator);
    await syncAndWait(head);
    await openCircle(head, 'Финансы адистери');
    await head.getByRole('link', { name: TITLE }).click();
    await head.getByText('Азырынча жооп жок.').waitFor();
    expect(await head.getByText(ANSWER).count()).toBe(0);
    await syncAndWait(peer);
    await openCircle(peer, 'Финансы адистери');
    await peer.getByRole('link', { name: TITLE }).click();
    await peer.getByText('Координатор жашырды: Жооптогу телефон номерлери жеке маалымат.').waitFor();

    for (const page of [asker, peer, head, coordinator]) await page.context().close();
  }, 240_000);

  it('finds before asking and searches offline; the help desk asks a named person, who answers; the accepted answer becomes a case-study draft that links back; its author edits the question', async () => {
    const asker = await signedInPhone(browser, baseUrl, 'cop-fin-a');
    const desk = await signedInPhone(browser, baseUrl, 'desk-facilitator');
    const expert = await signedInPhone(browser, baseUrl, 'desk-expert');
    const WATER = 'Суу акысын кантип чогултабыз?';
    const EXPERT_ANSWER = 'Суу комитети ар бир үйгө эсептегич коюп, акыны айына бир жолу чогултат.';

    // Asked online this time; the question goes out with the next sync.
    await openCircles(asker);
    await asker.getByRole('link', { name: 'Суроо берүү' }).click();
    await asker.getByLabel('Суроо бир сап менен').fill(WATER);
    await asker.getByLabel('Кененирээк').fill('Үй-бүлөлөрдүн көбү суу үчүн төлөбөй жатат.');
    await asker.getByRole('button', { name: 'Сактоо' }).click();
    await asker.getByRole('heading', { name: WATER }).waitFor();
    await syncAndWait(asker);

    // Asking again about the same thing, offline: the phone shows what it already holds.
    await asker.context().setOffline(true);
    await openCircles(asker);
    await asker.getByRole('link', { name: 'Суроо берүү' }).click();
    await asker.getByLabel('Суроо бир сап менен').fill('суу акысы');
    const hint = asker.locator('.similar-hint');
    await hint.getByText('Балким, жообу мурунтан эле бар').waitFor();
    await hint.getByRole('link', { name: WATER }).waitFor();
    await asker.getByRole('button', { name: 'Жокко чыгаруу' }).click();
    // The same search as the library's: typed without ө and ү, a word of the text, offline.
    await openCircles(asker);
    await asker.getByRole('searchbox', { name: 'Суроолор менен жооптордон издөө' }).fill('толобой');
    const results = asker.locator('.question-results');
    await results.getByRole('link', { name: new RegExp(WATER.replace('?', '\\?')) }).waitFor();
    await results.getByText('Табылды: 1 суроо').waitFor();
    await asker.getByText('Чыпкалар').click();
    await asker.getByLabel('Жооптор', { exact: true }).selectOption({ label: 'Жообу бар' });
    await results.getByText('Табылды: 0 суроо').waitFor();
    // The library's search finds it too, and leads to it.
    await asker.getByRole('link', { name: 'Китепкана' }).click();
    await asker.getByRole('searchbox', { name: 'Китепканадан издөө' }).fill('суу акысы');
    await asker.getByRole('link', { name: 'Тажрыйба алмашуу топторунда 1 суроо табылды' }).click();
    await asker
      .locator('.question-results')
      .getByRole('link', { name: new RegExp(WATER.replace('?', '\\?')) })
      .waitFor();
    await asker.context().setOffline(false);

    // The help desk sees it among the unanswered and asks a named specialist to answer.
    await syncAndWait(desk);
    await openCircles(desk);
    await desk.getByRole('link', { name: 'Жардам кызматы' }).click();
    await desk.getByRole('link', { name: new RegExp(WATER.replace('?', '\\?')) }).click();
    const ask = desk.locator('.ask-expert');
    await ask.getByLabel('Адам').locator('option', { hasText: 'desk-expert' }).waitFor({ state: 'attached' });
    await ask.getByLabel('Адам').selectOption({ label: 'desk-expert · адис · Жер-Уй' });
    await ask.getByRole('button', { name: 'Жооп берүүнү суроо' }).click();
    await ask.getByText('Суралгандар: desk-expert').waitFor();
    await syncAndWait(desk);

    // The specialist follows no finance circle, yet has it: asked of them, counted on the navigation.
    await syncAndWait(expert);
    await expert.locator('.bottom-nav .nav-count').filter({ hasText: '1' }).waitFor();
    await openCircles(expert);
    const asked = expert.locator('section', { has: expert.getByRole('heading', { name: 'Сизден жооп күтүшөт' }) });
    await asked.getByRole('link', { name: new RegExp(WATER.replace('?', '\\?')) }).click();
    await expert.getByText('Жардам кызматы сизден ушул суроого жооп берүүнү суранды.').waitFor();
    await expert.getByLabel('Сиздин жообуңуз').fill(EXPERT_ANSWER);
    await expert.getByRole('button', { name: 'Жоопту жөнөтүү' }).click();
    await expert.getByText(EXPERT_ANSWER).waitFor();
    await expert.getByText('Жардам кызматы сизден ушул суроого жооп берүүнү суранды.').waitFor({ state: 'detached' });
    await syncAndWait(expert);

    // The asker accepts it and writes it up: a case-study draft from the thread, linked back to it.
    await syncAndWait(asker);
    await openCircle(asker, 'Финансы адистери');
    await asker.getByRole('link', { name: WATER }).click();
    await asker.getByText(EXPERT_ANSWER).waitFor();
    await asker.getByRole('button', { name: 'Бул менин суроомо жооп' }).click();
    await asker.getByRole('link', { name: 'Тажрыйба катары жазуу' }).click();
    await asker.getByText(`Суроодон: ${WATER}`).waitFor();
    await expect.poll(() => asker.getByLabel('Эмне жасалды, кадам-кадамы менен').inputValue()).toBe(EXPERT_ANSWER);
    expect(await asker.getByLabel('Көйгөй жана анын шарттары').inputValue()).toContain('төлөбөй жатат');
    expect(await asker.getByLabel('Аталышы').inputValue()).toBe(WATER);
    await asker.getByLabel('Кызмат көрсөтүү').check();
    await asker.getByRole('button', { name: 'Сактоо' }).click();
    const threads = asker.locator('section', { has: asker.getByRole('heading', { name: 'Топтордо талкууланган' }) });
    await threads.getByRole('link', { name: new RegExp(WATER.replace('?', '\\?')) }).click();
    await asker.getByRole('heading', { name: WATER }).waitFor();
    await asker.locator('.thread-links').getByRole('link', { name: WATER }).waitFor();

    // Its author changes the question; the circle stays.
    await asker.locator('.post').first().getByRole('button', { name: 'Өзгөртүү' }).click();
    await asker.getByRole('heading', { name: 'Суроону өзгөртүү' }).waitFor();
    await asker.getByLabel('Суроо бир сап менен').fill('Айылда суу акысын кантип чогултабыз?');
    await asker.getByRole('button', { name: 'Сактоо' }).click();
    await asker.getByRole('heading', { name: 'Айылда суу акысын кантип чогултабыз?' }).waitFor();
    await syncAndWait(asker);
    await syncAndWait(expert);
    await openCircles(expert);
    await expert.getByRole('searchbox', { name: 'Суроолор менен жооптордон издөө' }).fill('айылда суу');
    await expert
      .locator('.question-results')
      .getByRole('link', { name: /Айылда суу акысын/ })
      .waitFor();

    for (const page of [asker, desk, expert]) await page.context().close();
  }, 240_000);
});
