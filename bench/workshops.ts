// `npm run bench:workshops`: a coordinator's phone with 1,000 events, 15,000 named participants and
// 3,000 follow-up actions in IndexedDB, in real Chromium with the CPU slowed 4×: the time from a tap
// to the events list, the follow-up actions screen, one event's page and the charts being drawn.
// The built app, served by the real server. Times are taken inside the page. Last line: one JSON object.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GENDERS, PARTICIPANT_ROLES, WORKSHOP_TYPES } from '../src/core/model';
import { chooseNewCommunity, putRecords, waitForServiceWorker } from '../test/e2e/app';
import { newPhone } from '../test/e2e/browser';
import { BUILT_APP_DIR } from '../scripts/built-app';
import { median, tapTo } from './page-timing';
import { startBenchApp } from './bench-app';

const EVENTS = Number(process.env.BENCH_COUNT ?? 1000);
const PEOPLE_PER_EVENT = 15;
const ACTIONS_PER_EVENT = 3;
const CPU_SLOWDOWN = 4;

function seeded(seed: number) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const random = seeded(7);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const uuid = (kind: number, i: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`;

if (!existsSync(join(BUILT_APP_DIR, 'index.html'))) execSync('npm run build', { stdio: 'inherit' });
const bench = await startBenchApp('workshops', { tileUrl: '' });
const { baseUrl, browser } = bench;

try {
  const context = await newPhone(browser);
  const page = await context.newPage();
  await page.goto(baseUrl);
  await chooseNewCommunity(page, 'Бенчмарк');
  await waitForServiceWorker(page);
  const communityId = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('ashar');
        open.onsuccess = () => {
          open.result.transaction('meta').objectStore('meta').get('currentCommunityId').onsuccess = (event) =>
            resolve((event.target as IDBRequest).result.value);
        };
      }),
  );
  // Twenty neighbouring communities that visit one another.
  const neighbours = Array.from({ length: 20 }, (_, i) => ({
    id: uuid(9, i),
    name: { ky: `Айыл ${i + 1}`, ru: `Село ${i + 1}`, en: `Village ${i + 1}` },
    rayonCode: null,
    code: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }));
  const meta = (i: number) => ({
    communityId,
    createdBy: 'bench',
    createdAt: new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString(),
    updatedAt: new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString(),
    _v: {},
    _deleted: 0,
  });
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    ...meta(i),
    id: uuid(1, i),
    type: pick(WORKSHOP_TYPES),
    title: `Иш-чара №${i + 1}: ачык бюджет жана суу`,
    startDate: new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    hostCommunityId: pick(neighbours).id,
    visitingCommunityIds: [pick(neighbours).id, pick(neighbours).id],
    worked: 'Жыйындар ачык өттү.',
    tally: { citizen: { female: Math.floor(random() * 20), male: Math.floor(random() * 20) }, youth: { female: Math.floor(random() * 5) } },
  }));
  const participants = events.flatMap((event, e) =>
    Array.from({ length: PEOPLE_PER_EVENT }, (_, p) => ({
      ...meta(e),
      id: uuid(2, e * PEOPLE_PER_EVENT + p),
      workshopId: event.id,
      name: `Катышуучу ${p + 1}`,
      gender: pick(GENDERS),
      role: pick(PARTICIPANT_ROLES),
    })),
  );
  const actions = events.flatMap((event, e) =>
    Array.from({ length: ACTIONS_PER_EVENT }, (_, a) => ({
      ...meta(e),
      id: uuid(3, e * ACTIONS_PER_EVENT + a),
      workshopId: event.id,
      action: `Кийинки иш ${a + 1}`,
      status: pick(['open', 'open', 'done', 'dropped'] as const),
      dueDate: new Date(Date.UTC(2023, 2, 1) + e * 86_400_000).toISOString().slice(0, 10),
    })),
  );
  await putRecords(page, 'communities', neighbours);
  await putRecords(page, 'workshops', events, 500);
  await putRecords(page, 'participants', participants, 2000);
  await putRecords(page, 'actions', actions, 2000);
  await page.goto(`${baseUrl}/settings`);
  await page.locator('h1').first().waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

  const rounds = { list: [] as number[], actions: [] as number[], event: [] as number[], insight: [] as number[] };
  for (let round = 0; round < 3; round += 1) {
    await page.goto(`${baseUrl}/settings`);
    await page.locator('h1').first().waitFor();
    rounds.list.push(await tapTo(page, page.getByRole('link', { name: 'Иш-чаралар' }), '.record-link'));
    rounds.event.push(await tapTo(page, page.getByRole('link', { name: 'Иш-чара №' }), '[data-testid="people-summary"]'));
    await page.getByRole('link', { name: 'Артка' }).click();
    await page.locator('.record-link').first().waitFor({ timeout: 120_000 });
    rounds.actions.push(await tapTo(page, page.getByRole('link', { name: 'Аткарыла элек иштер' }), '[data-testid="action-item"]'));
    await page.getByRole('link', { name: 'Артка' }).click();
    await page.locator('.record-link').first().waitFor({ timeout: 120_000 });
    rounds.insight.push(await tapTo(page, page.getByRole('link', { name: 'Диаграммалар' }), '[data-testid="visit-network"] tbody tr'));
  }
  {
    const probe = await page.evaluate(
      () =>
        new Promise<Record<string, number>>((resolve) => {
          const open = indexedDB.open('ashar');
          open.onsuccess = () => {
            const times: Record<string, number> = {};
            const started = performance.now();
            const tx = open.result.transaction(['participants', 'workshops'], 'readonly');
            tx.objectStore('participants').getAll().onsuccess = () => {
              times.participants = performance.now() - started;
              tx.objectStore('workshops').getAll().onsuccess = () => {
                times.workshops = performance.now() - started - times.participants!;
                resolve(times);
              };
            };
          };
        }),
    );
    console.log(
      `floor: IndexedDB getAll of every participant ${Math.round(probe.participants!)} ms, of every event ${Math.round(probe.workshops!)} ms (throttled, no library)`,
    );
  }
  const result = {
    listMs: median(rounds.list),
    eventMs: median(rounds.event),
    actionsMs: median(rounds.actions),
    insightMs: median(rounds.insight),
  };
  console.log(`Workshops: ${EVENTS} events, ${participants.length} participants, ${actions.length} actions; CPU slowed ${CPU_SLOWDOWN}× (Chromium, 360×740)`);
  for (const [name, times] of Object.entries(rounds)) console.log(`${name.padEnd(8)} ${median(times)} ms median after the tap (${times.join(', ')})`);
  console.log(JSON.stringify(result));
  await context.close();
} finally {
  await bench.close();
}
