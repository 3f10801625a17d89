// Preloaded into a server process by files-config.test.ts (`--import`): says on its way out how many
// modules of the AWS SDK the process loaded. Packages imported by ES modules are listed in Node's
// CommonJS cache too (the SDK ships CommonJS for Node).
import { createRequire } from 'node:module';

process.on('exit', () => {
  const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes('/node_modules/@aws-sdk/'));
  process.stderr.write(`AWS SDK modules loaded: ${loaded.length}\n`);
});
