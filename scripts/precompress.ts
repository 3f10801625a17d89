// Part of `npm run build`: writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside
// every text file of the built app's assets/, once, so that the server sends them as they are
// (@fastify/static's preCompressed) instead of compressing each file again for every phone. A
// first visit then gets its files at once and in fewer bytes than compressing on the fly allows.
// Only assets/: their names carry a hash of their content, so a copy can never be out of date. The
// page and the service worker keep their names from version to version, and are compressed as
// they are sent (a copy left from an earlier build would hide a new version).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BUILT_APP_DIR } from './built-app';

const TEXT = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Smaller files go as they are (as the server's own compression threshold has it). */
const MIN_BYTES = 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function precompress(dir: string): { files: number; rawBytes: number; brotliBytes: number } {
  let files = 0;
  let rawBytes = 0;
  let brotliBytes = 0;
  for (const path of filesUnder(join(dir, 'assets'))) {
    if (!TEXT.test(path)) continue;
    const raw = readFileSync(path);
    if (raw.length < MIN_BYTES) continue;
    const brotli = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    writeFileSync(`${path}.br`, brotli);
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
    files += 1;
    rawBytes += raw.length;
    brotliBytes += brotli.length;
  }
  return { files, rawBytes, brotliBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, rawBytes, brotliBytes } = precompress(BUILT_APP_DIR);
  console.log(`precompressed ${files} files: ${(rawBytes / 1024).toFixed(0)} KB, ${(brotliBytes / 1024).toFixed(0)} KB with brotli`);
}
