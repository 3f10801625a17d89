// `npm run bench:practice`: a finance officer's phone holding 2,000 questions and 10,000 answers of
// the circles of practice in IndexedDB, in real Chromium with the CPU slowed 4×: the time from a tap
// to a circle's question list, to a thread with 50 answers, and to the library's way to the circles
// with its count of what is new, and per keystroke of a search of the circles. The built app,
// served by the real server. Times are taken inside the page. Last line: one JSON object.
// BENCH_VERBOSE=1 prints each keystroke's time; BENCH_PROFILE=file.cpuprofile and/or
// BENCH_TRACE=file.json record one more pass of the search, not counted, as a CPU profile of the
// page or a Chromium trace (for Chromium's performance panel).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CIRCLES } from '../src/core/model';
import { followId } from '../src/core/practice';
import { chooseNewCommunity, putRecords, waitForServiceWorker } from '../test/e2e/app';
import { newPhone } from '../test/e2e/browser';
import { BUILT_APP_DIR } from '../scripts/built-app';
import { keystrokesOf, median, percentile, recorded, tapTo, timeKeystrokes } from './page-timing';
import { startBenchApp } from './bench-app';

const QUESTIONS = Number(process.env.BENCH_COUNT ?? 2000);
const ANSWERS = QUESTIONS * 5;
const BIG_THREAD = 50;
const CPU_SLOWDOWN = 4;
const ME = 'bench-user';
const PROFILE = process.env.BENCH_PROFILE;
const TRACE = process.env.BENCH_TRACE;
/** Typed letter by letter into the circles' search: words of titles, of texts and of answers. */
const SEARCHES = ['жер салыгы', 'реестр', 'sms эскертуу', 'туушу 30'];

const uuid = (kind: number, i: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`;

if (!existsSync(join(BUILT_APP_DIR, 'index.html'))) execSync('npm run build', { stdio: 'inherit' });
const bench = await startBenchApp('practice', { tileUrl: '' });
const { baseUrl, browser } = bench;

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
    rounds.library.push(await tapTo(page, page.getByRole('link', { name: 'Китепкана' }), '.peers-link .chip'));
    await page.getByRole('link', { name: /Кесиптештерден сураңыз/ }).click();
    await page.getByRole('heading', { name: 'Тажрыйба алмашуу топтору' }).waitFor({ timeout: 120_000 });
    rounds.circle.push(await tapTo(page, page.getByRole('link', { name: /^Финансы адистери/ }), '.record-link'));
    rounds.thread.push(await tapTo(page, page.getByRole('link', { name: big.title }), `.post:nth-of-type(${BIG_THREAD})`));
  }
  // Searching the circles: the first question builds the index (in the search worker), then each
  // keystroke of a few queries, from the input to its results painted.
  await page.goto(`${baseUrl}/practice`);
  await page.getByRole('heading', { name: 'Тажрыйба алмашуу топтору' }).waitFor({ timeout: 120_000 });
  // Typing starts once the screen has finished opening: what is new for this person is read once
  // the app is idle after its first paint, and counted on the navigation. That one-time reading
  // (about a second of the slowed CPU with 12,000 posts) is not a keystroke's cost; typed over,
  // it used to land on the first letters.
  await page.locator('.nav-count').waitFor({ timeout: 120_000 });
  const warmUp = await timeKeystrokes(page, '.question-results', ['салык', ''], false);
  const searchTimes = await timeKeystrokes(page, '.question-results', keystrokesOf(SEARCHES), false);
  const roundTrips = await page.evaluate(() => performance.getEntriesByName('ashar-search-round-trip').map((entry) => Math.round(entry.duration)));
  if (process.env.BENCH_VERBOSE) {
    console.log(`worker round trips (ms): ${roundTrips.slice(-searchTimes.length).join(' ')}`);
    console.log(
      keystrokesOf(SEARCHES)
        .filter((value) => value !== '')
        .map((value, index) => `${value}:${Math.round(searchTimes[index]!)}`)
        .join(' '),
    );
  }
  if (PROFILE || TRACE) {
    // One more pass of the same keystrokes, not counted, recorded (for Chromium's performance panel).
    await recorded(cdp, { profile: PROFILE, trace: TRACE }, () => timeKeystrokes(page, '.question-results', keystrokesOf(SEARCHES), false));
  }
  const result = {
    libraryWithNewsMs: median(rounds.library),
    circleListMs: median(rounds.circle),
    thread50Ms: median(rounds.thread),
    searchP50Ms: Math.round(percentile(searchTimes, 50)),
    searchP95Ms: Math.round(percentile(searchTimes, 95)),
  };
  console.log(`Circles: ${QUESTIONS} questions, ${ANSWERS} answers; CPU slowed ${CPU_SLOWDOWN}× (Chromium, 360×740)`);
  for (const [name, times] of Object.entries(rounds)) console.log(`${name.padEnd(8)} ${median(times)} ms median after the tap (${times.join(', ')})`);
  console.log(
    `search   p50 ${result.searchP50Ms} ms, p95 ${result.searchP95Ms} ms per keystroke (${searchTimes.length} keystrokes; the first search, building the index, ${Math.round(warmUp[0]!)} ms)`,
  );
  console.log(JSON.stringify(result));
  await context.close();
} finally {
  await bench.close();
}
