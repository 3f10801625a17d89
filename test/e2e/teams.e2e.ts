import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeHlc } from '../../src/core/hlc';
import { newId } from '../../src/core/ids';
import { api as apiCall, signedInPhone, syncAndWait, syncAndSee } from './app';
import { launchBrowser } from './browser';
import { storedIds } from './idb';
import { planId, roundId } from '../../src/core/teams';

// A learning team on real phones, in Kyrgyz: staff of two member communities write the plan
// offline (different sections, then the same one), the lead submits round 1, the mentor reviews it
// offline and sends it back, the team reads the comments beside round 1, revises and submits round 2,
// the mentor approves. A community outside the team never holds any of it; a community taken out of
// the team loses it at its next sync.

const baseUrl = inject('baseUrl');
let browser: Browser;
const ids: Record<string, string> = {};
let coordinatorToken = '';

const api = (path: string, body: unknown, token?: string) => apiCall(baseUrl, path, body, token);
const TEAM_STORES = ['teams', 'plans', 'rounds', 'tasks'] as const;

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = ((await api('/auth/login', { username: 'admin', password: inject('adminPassword') })) as { token: string }).token;
  for (const [key, name] of [
    ['lead', 'Ак-Суу'],
    ['member', 'Кара-Суу'],
    ['outside', 'Сары-Булак'],
    ['mentorHome', 'Көл-Төр'],
  ] as const) {
    ids[key] = ((await api('/communities', { name: { ky: name, ru: name, en: name }, rayonId: '41705214000000' }, admin)) as { id: string }).id;
  }
  for (const [username, role, community] of [
    ['team-lead', 'staff', ids.lead],
    ['team-member', 'staff', ids.member],
    ['team-outside', 'staff', ids.outside],
    ['team-mentor', 'facilitator', ids.mentorHome],
    ['team-coordinator', 'coordinator', ids.lead],
  ] as const) {
    const user = (await api('/users', { username, password: 'password-123', displayName: username, role, communityIds: [community] }, admin)) as { id: string };
    ids[username] = user.id;
  }
  coordinatorToken = ((await api('/auth/login', { username: 'team-coordinator', password: 'password-123' })) as { token: string }).token;
}, 60_000);
afterAll(async () => {
  await browser.close();
});

async function openTeams(page: Page) {
  await page.getByRole('link', { name: 'Иш-чаралар' }).click();
  await page.getByRole('link', { name: 'Окуу командалары' }).click();
  await page.getByRole('heading', { name: 'Окуу командалары' }).waitFor();
}

async function openTeam(page: Page) {
  await openTeams(page);
  await page.getByRole('link', { name: new RegExp(`^${TEAM}`) }).click();
  await page.getByRole('heading', { name: TEAM }).waitFor();
}

async function openPlan(page: Page) {
  await openTeam(page);
  await page.getByRole('link', { name: 'Планды ачуу' }).click();
  await page.getByRole('heading', { name: 'Команданын планы' }).waitFor();
}

/** Writes one section of the plan and saves, back on the team's screen. */
async function writeSection(page: Page, label: string, text: string) {
  await openPlan(page);
  await page.getByLabel(label, { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByRole('heading', { name: TEAM }).waitFor();
}

const TEAM = 'Ачык бюджет боюнча окуу командасы';
const RESULTS = 'Угууга 40 жаш келди; алардын үч долбоору бюджетке кирди.';
const LESSONS = 'Угууну кечинде, мектепте өткөрүңүз: жаштар ошондо келет.';

/** Writes one section of the team's final report and saves, back on the team's screen. */
async function writeReport(page: Page, label: string, text: string) {
  await openTeam(page);
  await page
    .getByRole('link', { name: 'Отчетту жазуу' })
    .or(page.getByRole('link', { name: 'Отчетту өзгөртүү' }))
    .click();
  await page.getByRole('heading', { name: 'Команданын жыйынтыктоочу отчету' }).waitFor();
  await page.getByLabel(label, { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Сактоо' }).click();
  await page.getByRole('heading', { name: TEAM }).waitFor();
}

/**
 * Syncs until the phone holds what another phone sent: a sync the app had already started when
 * "Sync now" was pressed may answer first, from before the other phone's change reached the server.
 */
/** One record as stored on the phone, read straight from IndexedDB. */
function storedRecord(page: Page, store: string, id: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    ({ name, key }) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const open = indexedDB.open('ashar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).get(key);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as Record<string, unknown> | undefined);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    { name: store, key: id },
  );
}

describe('a learning team', () => {
  it('writes its plan together offline, is reviewed in rounds and approved; nobody outside holds it; a community taken out loses it', async () => {
    const lead = await signedInPhone(browser, baseUrl, 'team-lead');
    const member = await signedInPhone(browser, baseUrl, 'team-member');
    const mentor = await signedInPhone(browser, baseUrl, 'team-mentor');
    const outside = await signedInPhone(browser, baseUrl, 'team-outside');

    // The lead's staff start the team, with a community from elsewhere in it.
    await openTeams(lead);
    await lead.getByRole('link', { name: 'Жаңы команда' }).click();
    await lead.getByLabel('Команданын аталышы').fill(TEAM);
    await lead.getByLabel('Жамаат кошуу').selectOption({ label: 'Кара-Суу' });
    await lead.getByLabel('Катышуучулук бюджет').check();
    await lead.getByRole('button', { name: 'Сактоо' }).click();
    await lead.getByRole('heading', { name: TEAM }).waitFor();
    const teamId = new URL(lead.url()).pathname.split('/').at(-1)!;
    await syncAndWait(lead);
    // A coordinator names the mentor.
    const hlc = encodeHlc({ wallMs: Date.now(), counter: 0, node: 'e2e-coordinator' });
    const answer = (await api(
      '/sync',
      {
        clientId: 'e2e-coordinator',
        cursor: null,
        changes: [{ id: newId(), collection: 'teams', docId: teamId, hlc, set: { mentorIds: [ids['team-mentor']] } }],
      },
      coordinatorToken,
    )) as { acked: string[]; rejected: unknown[] };
    expect(answer.rejected).toEqual([]);

    // Both member communities write offline: different sections, then the same one.
    await syncAndSee(member, async () => (await storedIds(member, ['teams'])).teams?.length === 1);
    for (const page of [lead, member]) await page.context().setOffline(true);
    await writeSection(lead, 'Көйгөй', 'Тургундар бюджетти түшүнбөйт.');
    await writeSection(member, 'Жалпы максат', 'Бюджетти ар бир үй-бүлөгө түшүнүктүү кылуу.');
    await writeSection(lead, 'Аталышы', 'Ачык бюджет');
    await writeSection(member, 'Аталышы', 'Баарына түшүнүктүү бюджет');
    for (const page of [lead, member]) await page.context().setOffline(false);
    await syncAndWait(lead);
    await syncAndSee(member, async () => (await storedRecord(member, 'plans', planId(teamId)))?.problem !== undefined);
    await syncAndSee(lead, async () => (await storedRecord(lead, 'plans', planId(teamId)))?.generalObjective !== undefined);
    // Both keep both sections, and both see the same title with the other one beside it.
    for (const page of [lead, member]) {
      await openPlan(page);
      expect(await page.getByLabel('Көйгөй', { exact: true }).inputValue()).toBe('Тургундар бюджетти түшүнбөйт.');
      expect(await page.getByLabel('Жалпы максат', { exact: true }).inputValue()).toBe('Бюджетти ар бир үй-бүлөгө түшүнүктүү кылуу.');
      expect(await page.getByLabel('Аталышы', { exact: true }).inputValue()).toBe('Баарына түшүнүктүү бюджет');
      await page.getByText('Ошол эле убакта башка маани жазылган').waitFor();
      await page.locator('.conflict-item').getByText('Ачык бюджет', { exact: true }).waitFor();
    }

    // The lead submits round 1; the member may not (the lead community submits).
    await openTeam(member);
    await member.getByText('Планды жетектөөчү жамааттын кызматкерлери тапшырат.').waitFor();
    // The member's staff see who mentors them by name (they may not read other people's accounts).
    await member.getByText('Насаатчылар: team-mentor').waitFor();
    await openTeam(lead);
    await lead.getByRole('button', { name: 'Кароого тапшыруу (1-тур)' }).click();
    await lead.getByText('1-тур кароого тапшырылды.').waitFor();
    await syncAndWait(lead);

    // The mentor reviews offline: scores, a comment on the problem, "revise".
    await syncAndSee(mentor, async () => (await storedIds(mentor, ['rounds'])).rounds?.length === 1);
    await mentor.context().setOffline(true);
    await openTeam(mentor);
    await mentor.getByRole('link', { name: /^1-тур/ }).click();
    await mentor.getByRole('heading', { name: '1-тур' }).waitFor();
    await mentor.getByLabel('Аталыштын ылайыктуулугу').selectOption('4');
    await mentor.getByLabel('Камтуучулук').selectOption('2');
    await mentor.getByLabel('«Көйгөй» боюнча пикир').fill('Кайсы айылдар, канча үй-бүлө? Сандар керек.');
    await mentor.getByLabel('Чечим').selectOption('revise');
    await mentor.getByRole('button', { name: 'Кароону сактоо' }).click();
    await mentor.getByText('Кароо сакталды.').waitFor();
    await mentor.context().setOffline(false);
    await syncAndWait(mentor);

    // The team reads the comment in round 1, revises the problem and submits round 2.
    await syncAndSee(lead, async () => (await storedRecord(lead, 'rounds', roundId(teamId, 1)))?.decision === 'revise');
    await openTeam(lead);
    await lead.getByText('1-тур: кайра иштеп чыгуу керек').waitFor();
    await lead.getByRole('link', { name: /^1-тур/ }).click();
    await lead.locator('[data-section="problem"] .review-comment').getByText('Кайсы айылдар, канча үй-бүлө? Сандар керек.').waitFor();
    await lead.getByText('Баа: 35 ичинен 6').waitFor();
    await writeSection(lead, 'Көйгөй', 'Үч айылдагы 1200 үй-бүлөнүн 70% бюджетти түшүнбөйт.');
    await lead.getByRole('button', { name: 'Кароого тапшыруу (2-тур)' }).click();
    await lead.getByText('2-тур кароого тапшырылды.').waitFor();
    await syncAndWait(lead);

    // The mentor sees what changed beside round 1, with the comment next to it, and approves.
    await syncAndSee(mentor, async () => (await storedIds(mentor, ['rounds'])).rounds?.length === 2);
    await openTeam(mentor);
    await mentor.getByRole('link', { name: /^2-тур/ }).click();
    const problem = mentor.locator('[data-section="problem"]');
    await problem.getByText('1-турдан бери өзгөрдү').waitFor();
    await problem.getByText('Тургундар бюджетти түшүнбөйт.').waitFor();
    await problem.getByText('Үч айылдагы 1200 үй-бүлөнүн 70% бюджетти түшүнбөйт.').waitFor();
    await problem.getByText('Кайсы айылдар, канча үй-бүлө? Сандар керек.').waitFor();
    await mentor.locator('[data-section="generalObjective"]').getByText('Өзгөргөн жок').waitFor();
    await mentor.getByLabel('Чечим').selectOption('approved');
    await mentor.getByRole('button', { name: 'Кароону сактоо' }).click();
    await mentor.getByText('Кароо сакталды.').waitFor();
    await syncAndWait(mentor);
    await syncAndSee(member, async () => (await storedRecord(member, 'rounds', roundId(teamId, 2)))?.decision === 'approved');
    await openTeam(member);
    await member.getByText('План бекитилди (2-тур)').waitFor();

    // The work done, both member communities write the final report offline (different sections); both keep both.
    await syncAndSee(lead, async () => (await storedRecord(lead, 'rounds', roundId(teamId, 2)))?.decision === 'approved');
    for (const page of [lead, member]) await page.context().setOffline(true);
    await writeReport(lead, 'Эмнеге жетиштик: негизги натыйжалар', RESULTS);
    await writeReport(member, 'Негизги сабактар жана башкаларга кеңеш', LESSONS);
    for (const page of [lead, member]) await page.context().setOffline(false);
    await syncAndWait(lead);
    await syncAndSee(member, async () => (await storedRecord(member, 'plans', planId(teamId)))?.reportResults === RESULTS);
    await syncAndSee(lead, async () => (await storedRecord(lead, 'plans', planId(teamId)))?.reportLessons === LESSONS);
    await syncAndSee(mentor, async () => (await storedRecord(mentor, 'plans', planId(teamId)))?.reportLessons === LESSONS);
    for (const page of [lead, member, mentor]) {
      await openTeam(page);
      const report = page.locator('section[aria-labelledby="team-report"]');
      await report.locator('[data-section="reportResults"]').getByText(RESULTS).waitFor();
      await report.locator('[data-section="reportLessons"]').getByText(LESSONS).waitFor();
    }
    // The mentor reads it but does not write it: it is the team's own account.
    expect(await mentor.getByRole('link', { name: 'Отчетту өзгөртүү' }).count()).toBe(0);

    // The round as printed: scores and the comment beside its section, on A4.
    await lead.goto(`${baseUrl}/print/team/${teamId}/rounds/1`);
    await lead.getByText('Баа: 35 ичинен 6').waitFor();
    await lead.locator('.print-page').getByText('Кайсы айылдар, канча үй-бүлө? Сандар керек.').waitFor();
    // The team's progress on paper ends with its final report.
    await lead.goto(`${baseUrl}/print/team/${teamId}/progress`);
    await lead.locator('.print-report').getByText(LESSONS).waitFor();
    mkdirSync('test-results/print', { recursive: true });
    for (const what of ['plan', 'rounds/1', 'progress']) {
      await lead.goto(`${baseUrl}/print/team/${teamId}/${what}`);
      await lead.locator('.print-page h1').waitFor();
      await lead.pdf({ path: `test-results/print/team-${what.replace('/', '-')}-ky.pdf`, format: 'A4' });
    }
    await lead.goto(`${baseUrl}/teams/${teamId}`);

    // A video conference to share the results, written up as the team's event, read by the whole team.
    await openTeam(lead);
    await lead.getByRole('link', { name: 'Команданын жаңы иш-чарасы' }).click();
    await lead.getByLabel('Иш-чаранын түрү').selectOption('video_conference');
    await lead.getByLabel(/^Аталышы/).fill('Натыйжаларды бөлүшүү: видеоконференция');
    await lead.getByRole('button', { name: 'Сактоо' }).click();
    await lead.getByRole('link', { name: `«${TEAM}» окуу командасынын иш-чарасы` }).waitFor();

    // The final report becomes case-study drafts, one per member community, linked to the team: the
    // plan's problem, the report's results and lessons. The lead community keeps its draft as it came.
    await openTeam(lead);
    await lead.getByRole('link', { name: 'Биздин жакшы тажрыйбаны жазуу' }).click();
    await lead.getByRole('heading', { name: 'Жаңы тажрыйба' }).waitFor();
    expect(await lead.getByLabel(/^Аталышы/).inputValue()).toBe('Баарына түшүнүктүү бюджет');
    expect(await lead.getByLabel(/^Көйгөй жана анын шарттары/).inputValue()).toBe('Үч айылдагы 1200 үй-бүлөнүн 70% бюджетти түшүнбөйт.');
    expect(await lead.getByLabel(/^Натыйжалар/).inputValue()).toBe(RESULTS);
    expect(await lead.getByLabel(/^Кайталагысы келген кесиптешке кеңеш/).inputValue()).toBe(LESSONS);
    await lead.getByRole('button', { name: 'Сактоо' }).click();
    await lead.getByRole('heading', { name: 'Баарына түшүнүктүү бюджет' }).waitFor();
    await syncAndWait(lead);
    // The other member community sees it under the team, and writes its own from the same report, offline.
    await syncAndSee(member, async () => Object.values(await storedIds(member, ['caseStudies', 'workshops'])).every((list) => list.length > 0));
    await openTeam(member);
    await member.getByRole('link', { name: 'Ак-Суу: Баарына түшүнүктүү бюджет' }).waitFor();
    await member.getByText('Кара-Суу: али жазыла элек').waitFor();
    await member.getByRole('link', { name: /^Натыйжаларды бөлүшүү: видеоконференция/ }).waitFor();
    await member.context().setOffline(true);
    await member.getByRole('link', { name: 'Биздин жакшы тажрыйбаны жазуу' }).click();
    await member.getByRole('heading', { name: 'Жаңы тажрыйба' }).waitFor();
    expect(await member.getByLabel(/^Натыйжалар/).inputValue()).toBe(RESULTS);
    await member.getByLabel(/^Аталышы/).fill('Кара-Сууда бюджет баарына түшүнүктүү болду');
    await member.getByRole('button', { name: 'Сактоо' }).click();
    await member.getByRole('heading', { name: 'Кара-Сууда бюджет баарына түшүнүктүү болду' }).waitFor();
    await member.context().setOffline(false);
    await syncAndWait(member);
    await syncAndSee(lead, async () => (await storedIds(lead, ['caseStudies'])).caseStudies?.length === 2);
    await openTeam(lead);
    await lead.getByRole('link', { name: 'Кара-Суу: Кара-Сууда бюджет баарына түшүнүктүү болду' }).waitFor();
    await lead.getByRole('link', { name: 'Ак-Суу: Баарына түшүнүктүү бюджет' }).waitFor();

    // A community outside the team never holds any of it.
    await syncAndWait(outside);
    expect(await storedIds(outside, TEAM_STORES)).toEqual({ teams: [], plans: [], rounds: [], tasks: [] });
    const held = await storedIds(member, TEAM_STORES);
    expect(held.teams).toEqual([teamId]);
    expect(held.rounds).toHaveLength(2);

    // The lead takes the other community out of the team: its phone loses all of it at its next sync.
    await openTeam(lead);
    await lead.getByRole('link', { name: 'Команданы өзгөртүү' }).click();
    await lead.getByRole('button', { name: 'Өчүрүү: Кара-Суу' }).click();
    await lead.getByRole('button', { name: 'Сактоо' }).click();
    await lead.getByRole('heading', { name: TEAM }).waitFor();
    await syncAndWait(lead);
    await syncAndSee(member, async () => (await storedIds(member, ['teams'])).teams?.length === 0);
    expect(await storedIds(member, TEAM_STORES)).toEqual({ teams: [], plans: [], rounds: [], tasks: [] });
    await openTeams(member);
    await member.getByText('Сиз азырынча эч бир окуу командасында жоксуз').waitFor();
    for (const page of [lead, member, mentor, outside]) await page.context().close();
  }, 300_000);
});
