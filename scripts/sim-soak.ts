// `npm run sim:soak [-- --runs 50]`: runs the simulations of test/sim with new random seeds, one
// vitest run per seed, printing each seed before its run. `npm test` runs only their fixed seeds, so
// a failure here is replayed with `SIM_SEED=<seed> npx vitest run test/sim`.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number above 0, not "${values.runs}"`);
  process.exit(2);
}

const failed: number[] = [];
for (let run = 1; run <= runs; run += 1) {
  const seed = randomInt(2 ** 31);
  console.log(`[${run}/${runs}] SIM_SEED=${seed}`);
  const started = Date.now();
  const result = spawnSync('npx', ['vitest', 'run', 'test/sim', '--reporter=dot'], {
    env: { ...process.env, SIM_SEED: String(seed) },
    encoding: 'utf8',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`  passed (${seconds} s)`);
    continue;
  }
  failed.push(seed);
  console.log(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`);
  console.log(`  FAILED (${seconds} s); replay: SIM_SEED=${seed} npx vitest run test/sim`);
}
console.log(`${runs - failed.length} passed, ${failed.length} failed${failed.length ? `: SIM_SEED=${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
