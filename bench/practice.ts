// `npm run bench:practice`: a finance officer's phone holding 2,000 questions and 10,000 answers of
// the circles of practice in IndexedDB, in real Chromium with the CPU slowed 4×: the time from a tap
// to a circle's question list, to a thread with 50 answers, and to the library's way to the circles
// with its count of what is new (read from every question and answer on the phone). The built app,
// served by the real server. Times are taken inside the page. Last line: one JSON object.
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CIRCLES } from '../src/core/model';
import { followId } from '../src/core/practice';
import { buildApp } from '../server/app';
import { ensureAdmin } from '../server/bootstrap';
import { openSqliteStorage } from '../server/storage/sqlite';
import { chooseNewCommunity, putRecords, waitForServiceWorker } from '../test/e2e/app';
import { launchBrowser, newPhone } from '../test/e2e/browser';
import { BUILT_APP_DIR } from '../scripts/built-app';

const QUESTIONS = Number(process.env.BENCH_COUNT ?? 2000);
const ANSWERS = QUESTIONS * 5;
const BIG_THREAD = 50;
const CPU_SLOWDOWN = 4;
const ME = 'bench-user';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const uuid = (kind: number, i: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`;

/** From a tap on `link` until `selector` is on screen, measured inside the page. */
async function tapTo(page: Page, link: string | RegExp, selector: string): Promise<number> {
  await page.evaluate((watched) => {
    const state = { started: performance.now(), shown: 0 };
    (window as unknown as { __tap: typeof state }).__tap = state;
    new MutationObserver((_, observer) => {
      if (document.querySelector(watched)) {
        state.shown = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, selector);
  await page.getByRole('link', { name: link }).first().click();
  await page.locator(selector).first().waitFor({ timeout: 120_000 });
  return page.evaluate(() => {
    const state = (window as unknown as { __tap: { started: number; shown: number } }).__tap;
    return Math.round(state.shown - state.started);
  });
}

if (!existsSync(join(BUILT_APP_DIR, 'index.html'))) execSync('npm run build', { stdio: 'inherit' });
const workDir = mkdtempSync(join(tmpdir(), 'ashar-bench-practice-'));
const storage = openSqliteStorage(join(workDir, 'ashar.sqlite'));
await ensureAdmin(storage, 'bench-admin-password');
const app = await buildApp({ storage, distDir: BUILT_APP_DIR, blobDir: join(workDir, 'blobs'), version: 'bench', tileUrl: '' });
const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await launchBrowser();

try {
  const context = await newPhone(browser);
  const page = await context.newPage();
  await page.goto(baseUrl);
  await chooseNewCommunity(page, 'Бенчмарк');
  await waitForServiceWorker(page);
  // No server account: the phone works offline with a person signed in earlier (their position:
  // finance officer), as after a day without network.
  await context.setOffline(true);
  // Three minutes apart, the newest now: the last two weeks' questions are new for a follower of their circle.
  const posts = QUESTIONS + ANSWERS;
  const stamp = (i: number) => new Date(Date.now() - (posts - i) * 180_000).toISOString();
  const doc = (i: number, by: string) => ({ communityId: uuid(9, i % 40), createdBy: by, createdAt: stamp(i), updatedAt: stamp(i), _v: {}, _deleted: 0 });
  // Half the questions in the finance circle, the rest spread over the others; a tenth asked by this person.
  const questions = Array.from({ length: QUESTIONS }, (_, i) => ({
    ...doc(i, i % 10 === 0 ? ME : `peer-${i % 97}`),
    id: uuid(1, i),
    title: `Суроо №${i + 1}: жер салыгын кантип чогултабыз?`,
    text: 'Төлөөчүлөрдүн жарымы гана төлөйт. Реестр эски. '.repeat(6),
    circle: i % 2 === 0 ? 'finance_officer' : CIRCLES[1 + (i % (CIRCLES.length - 1))],
    language: 'ky',
    authorName: `Кесиптеш ${i % 97}`,
    authorPosition: 'finance_officer',
  }));
  // The newest finance question has 50 answers; the others share the rest.
  const big = questions.filter((question) => question.circle === 'finance_officer').at(-1)!;
  const answers = Array.from({ length: ANSWERS }, (_, i) => ({
    ...doc(QUESTIONS + i, `peer-${i % 89}`),
    id: uuid(2, i),
    questionId: i < BIG_THREAD ? big.id : questions[(i * 7) % QUESTIONS]!.id,
    text: 'Бизде мүлк реестрин жаңыртып, ар бир үй-бүлөгө SMS эскертүү жибердик. Бир жылда түшүү 30 пайызга өстү.',
    authorName: `Жооп берүүчү ${i % 89}`,
    authorPosition: 'finance_officer',
  }));
  // Asking follows one's own thread (the app writes it with the question): new answers there are news.
  const follows = questions
    .filter((question) => question.createdBy === ME)
    .map((question) => ({ ...doc(0, ME), id: followId(ME, `thread:${question.id}`), target: `thread:${question.id}`, following: true }));
  await putRecords(page, 'follows', follows, 500);
  await putRecords(page, 'questions', questions, 500);
  await putRecords(page, 'answers', answers, 2000);
  await page.evaluate((user) => {
    return new Promise<void>((resolve) => {
      const open = indexedDB.open('ashar');
      open.onsuccess = () => {
        const tx = open.result.transaction('meta', 'readwrite');
        tx.objectStore('meta').put({
          key: 'session',
          value: {
            token: 'bench-token-not-sent-while-offline',
            user: { id: user, username: user, displayName: user, role: 'staff', communityIds: [], position: 'finance_officer' },
            expired: false,
          },
        });
        tx.oncomplete = () => resolve();
      };
    });
  }, ME);
  await page.goto(`${baseUrl}/settings`);
  await page.locator('h1').first().waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

  const rounds = { library: [] as number[], circle: [] as number[], thread: [] as number[] };
  for (let round = 0; round < 3; round += 1) {
    await page.goto(`${baseUrl}/settings`);
    await page.locator('h1').first().waitFor();
    rounds.library.push(await tapTo(page, 'Китепкана', '.peers-link .chip'));
    await page.getByRole('link', { name: /Кесиптештерден сураңыз/ }).click();
    await page.getByRole('heading', { name: 'Тажрыйба алмашуу топтору' }).waitFor({ timeout: 120_000 });
    rounds.circle.push(await tapTo(page, /^Финансы адистери/, '.record-link'));
    rounds.thread.push(await tapTo(page, big.title, `.post:nth-of-type(${BIG_THREAD})`));
  }
  const result = { libraryWithNewsMs: median(rounds.library), circleListMs: median(rounds.circle), thread50Ms: median(rounds.thread), searchP95Ms: null };
  console.log(`Circles: ${QUESTIONS} questions, ${ANSWERS} answers; CPU slowed ${CPU_SLOWDOWN}× (Chromium, 360×740)`);
  for (const [name, times] of Object.entries(rounds)) console.log(`${name.padEnd(8)} ${median(times)} ms median after the tap (${times.join(', ')})`);
  console.log('search: not built yet (searchP95Ms null)');
  console.log(JSON.stringify(result));
  await context.close();
} finally {
  await browser.close();
  await app.close();
  storage.close();
  rmSync(workDir, { recursive: true, force: true });
}
