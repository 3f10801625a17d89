// What a phone downloads before the first screen renders: the scripts and styles index.html loads
// (entry, modulepreloads, stylesheets), raw, gzip and brotli; and the whole service-worker precache.
// Run after `npm run build`. With --check, exits non-zero when the initial part exceeds the budget.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BUILT_APP_DIR } from '../scripts/built-app';
import { initialFiles, precacheUrls } from '../scripts/check-precache';

const DIST = BUILT_APP_DIR;
const BUDGET_BROTLI_KB = 170;

interface Row {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

function measure(file: string): Row {
  const bytes = readFileSync(join(DIST, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

const rows = initialFiles(readFileSync(join(DIST, 'index.html'), 'utf8')).map(measure);
const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli }), {
  raw: 0,
  gzip: 0,
  brotli: 0,
});
const precacheBytes = precacheUrls(DIST).reduce((sum, url) => sum + statSync(join(DIST, url)).size, 0);

console.log('Initial JS+CSS (loaded by index.html before first render)');
console.log(['file'.padEnd(44), 'raw KB'.padStart(9), 'gzip KB'.padStart(9), 'brotli KB'.padStart(10)].join(''));
for (const row of [...rows, { file: 'total', ...total }]) {
  console.log([row.file.padEnd(44), String(kb(row.raw)).padStart(9), String(kb(row.gzip)).padStart(9), String(kb(row.brotli)).padStart(10)].join(''));
}
console.log(`Precache total (raw): ${kb(precacheBytes)} KB; budget for initial brotli: ${BUDGET_BROTLI_KB} KB`);

const over = kb(total.brotli) > BUDGET_BROTLI_KB;
if (over && process.argv.includes('--check')) {
  console.error(`Initial JS+CSS is ${kb(total.brotli)} KB brotli, over the ${BUDGET_BROTLI_KB} KB budget.`);
}
console.log(JSON.stringify({ initialBrotliKB: kb(total.brotli), initialGzipKB: kb(total.gzip), precacheKB: kb(precacheBytes) }));
if (over && process.argv.includes('--check')) process.exit(1);
