// `npm run test:e2e`: says in one line when Chromium is missing, rather than passing quietly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumMissing } from './browser';

const missing = chromiumMissing();
if (missing) {
  console.error(missing);
  process.exit(1);
}
if (!existsSync('dist/sw.js')) {
  console.error('dist/ has no built app: run `npm run build` first.');
  process.exit(1);
}
const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
