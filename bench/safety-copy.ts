// `npm run bench:safety-copy`: what keeping the safety copy (src/db/safety-copy.ts) costs a phone
// with a lot of unsent work, in real Chromium with the CPU slowed 4× (Emulation.setCPUThrottlingRate):
// 1,000 unsent records, 30 of them with a photo, made offline and never sent. Times are the app's
// own `ashar-safety-copy` measures (one per write, from its start to the copy swapped in): the
// first write after a start (every photo written too) and the writes that follow a save (the
// records only; median of 5), with the longest task of the page's thread during them. The built app, served by the real server. Last line: one JSON object.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { addAsset, chooseNewCommunity, paperPhoto, waitForServiceWorker } from '../test/e2e/app';
import { newPhone } from '../test/e2e/browser';
import { BUILT_APP_DIR } from '../scripts/built-app';
import { median } from './page-timing';
import { startBenchApp } from './bench-app';

const RECORDS = Number(process.env.BENCH_COUNT ?? 1000);
const WITH_PHOTO = 30;
const CPU_SLOWDOWN = 4;
const SAVES = 5;

if (!existsSync(join(BUILT_APP_DIR, 'index.html'))) execSync('npm run build', { stdio: 'inherit' });
const bench = await startBenchApp('safety-copy');
const { baseUrl, browser } = bench;

/** The durations of the copy's writes so far, in the page. */
function writes(page: Page): Promise<number[]> {
  return page.evaluate(() => performance.getEntriesByName('ashar-safety-copy').map((entry) => Math.round(entry.duration)));
}

/** The longest task of the page's thread during each write so far (0 when none passed 50 ms). */
function longestTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const tasks = (window as unknown as { __longTasks: PerformanceEntry[] }).__longTasks;
    return performance
      .getEntriesByName('ashar-safety-copy')
      .map((write) =>
        Math.round(
          Math.max(
            0,
            ...tasks
              .filter((task) => task.startTime < write.startTime + write.duration && task.startTime + task.duration > write.startTime)
              .map((task) => task.duration),
          ),
        ),
      );
  });
}

async function waitForWrites(page: Page, count: number): Promise<number[]> {
  await page.waitForFunction((want) => performance.getEntriesByName('ashar-safety-copy').length >= want, count, { timeout: 300_000 });
  return writes(page);
}

/**
 * Copies the phone's one asset with a photo and its one without, with their waiting changes (and
 * the photo), into `records` unsent records: the app's own rows, each under a new id.
 */
function multiply(page: Page, records: number, withPhoto: number): Promise<void> {
  return page.evaluate(
    ({ records, withPhoto }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('ashar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction(['assets', 'outbox', 'photos']);
          const all = (store: string) =>
            new Promise<Record<string, unknown>[]>((done) => {
              const request = read.objectStore(store).getAll();
              request.onsuccess = () => done(request.result as Record<string, unknown>[]);
            });
          void Promise.all([all('assets'), all('outbox'), all('photos')]).then(([assets, outbox, photos]) => {
            const photo = photos[0]!;
            const withOne = assets.find((asset) => asset.id === photo.docId)!;
            const plain = assets.find((asset) => asset.id !== photo.docId)!;
            const write = db.transaction(['assets', 'outbox', 'photos'], 'readwrite');
            for (let index = 0; index < records; index += 1) {
              const model = index < withPhoto ? withOne : plain;
              const id = crypto.randomUUID();
              write.objectStore('assets').put({ ...model, id, name: `${model.name as string} ${index}` });
              const { seq: _seq, ...change } = outbox.find((entry) => entry.docId === model.id)!;
              write
                .objectStore('outbox')
                .put({ ...change, changeId: crypto.randomUUID(), docId: id, set: { ...(change.set as object), name: `${model.name as string} ${index}` } });
              if (index < withPhoto) write.objectStore('photos').put({ ...photo, id: crypto.randomUUID(), docId: id });
            }
            write.oncomplete = () => {
              db.close();
              resolve();
            };
            write.onerror = () => reject(write.error);
          });
        };
      }),
    { records, withPhoto },
  );
}

const context = await newPhone(browser);
await context.addInitScript(() => {
  const tasks: PerformanceEntry[] = [];
  (window as unknown as { __longTasks: PerformanceEntry[] }).__longTasks = tasks;
  new PerformanceObserver((list) => tasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
});
const page = await context.newPage();
await page.goto(baseUrl);
await chooseNewCommunity(page);
await waitForServiceWorker(page);
await context.setOffline(true);

// The two models, made by the app itself: one asset with a photo, one without.
await page.getByRole('link', { name: 'Ресурстар' }).click();
await page.getByRole('link', { name: 'Кошуу' }).click();
await page.getByLabel('Аталышы').fill('Көпүрө');
await page.locator('.category-choice', { hasText: 'Инфраструктура' }).click();
await page.getByLabel('Сүрөттөмө').fill('Суу өтүүчү көпүрө, 2019-жылы оңдолгон, жазында суу ташкындаганда текшерилет.');
await page.locator('input[type="file"]').setInputFiles({ name: 'page.jpg', mimeType: 'image/jpeg', buffer: await paperPhoto(page) });
await page.getByText('Жазуу менен бирге сакталат').waitFor();
await page.getByRole('button', { name: 'Сактоо' }).click();
await page.getByText('Ресурс ушул телефондо сакталды.').waitFor();
await addAsset(page, { name: 'Мектеп', category: 'Инфраструктура', description: 'Орто мектептин имараты, 320 окуучу, жылытуу системасы жаңыланышы керек.' });
await multiply(page, RECORDS - 2, WITH_PHOTO - 1);

// A fresh start on the slowed phone: its first write takes every record and writes every photo.
const cdp = await context.newCDPSession(page);
await page.goto(`${baseUrl}/settings`);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
await page.goto(`${baseUrl}/assets`);
const [first] = await waitForWrites(page, 1);
const copyKB = await page.evaluate(async () => {
  const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('ashar-safety-copy');
  let records = 0;
  let photos = 0;
  for await (const [name, handle] of (folder as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }).entries()) {
    const size = (await handle.getFile()).size;
    if (name === 'records.json') records += size;
    else photos += size;
  }
  return { records: Math.round(records / 1024), photos: Math.round(photos / 1024) };
});

// Saves that follow: each writes the records again (no photo).
const afterSave: number[] = [];
for (let save = 0; save < SAVES; save += 1) {
  const before = (await writes(page)).length;
  await addAsset(page, { name: `Жаңы жазуу ${save}`, category: 'Инфраструктура', description: 'Сакталгандан кийинки көчүрмө.' });
  const all = await waitForWrites(page, before + 1);
  afterSave.push(all[before]!);
}
const longest = await longestTasks(page);
await bench.close();

const result = {
  records: RECORDS,
  photos: WITH_PHOTO,
  firstWriteMs: first!,
  writeAfterSaveMs: median(afterSave),
  longestTaskFirstMs: longest[0]!,
  longestTaskAfterSaveMs: median(longest.slice(-SAVES)),
  recordsFileKB: copyKB.records,
  photoFilesKB: copyKB.photos,
};
console.log('unsent records  photos  first write ms  write after a save ms (median of 5)  records file KB  photo files KB');
console.log(
  `${String(RECORDS).padStart(14)}${String(WITH_PHOTO).padStart(8)}${String(first).padStart(16)}${String(result.writeAfterSaveMs).padStart(38)}${String(copyKB.records).padStart(17)}${String(copyKB.photos).padStart(16)}`,
);
console.log(`writes after saves (ms): ${afterSave.join(', ')}; the longest task of the page during each write (ms): ${longest.join(', ')}`);
console.log(JSON.stringify(result));
