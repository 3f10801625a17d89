// `npm run test:e2e`: says in one line when Chromium is missing, rather than passing quietly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BUILT_APP_DIR } from '../../scripts/built-app';
import { chromiumMissing } from './browser';

const missing = chromiumMissing();
if (missing) {
  console.error(missing);
  process.exit(1);
}
if (!existsSync(`${BUILT_APP_DIR}/sw.js`)) {
  console.error(`${BUILT_APP_DIR}/ has no built app: run \`npm run build\` first (with the same ASHAR_DIST_DIR).`);
  process.exit(1);
}
const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
