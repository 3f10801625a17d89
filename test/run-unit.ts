// `npm run test:unit`: says in one line when PostgreSQL is missing, rather than failing inside Vitest's set-up.
import { spawnSync } from 'node:child_process';
import { POSTGRES_MISSING, postgresBin } from './postgres/cluster';

if (!postgresBin()) {
  console.error(`${POSTGRES_MISSING} (\`npx vitest run --project sqlite\` runs the rest.)`);
  process.exit(1);
}
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
