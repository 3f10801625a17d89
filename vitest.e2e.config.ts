import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium against the built app served on 127.0.0.1, one file at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    // A browser journey takes 10–50 s on a 2-core machine busy with other work (measured); twice
    // that leaves room without hiding a hang for long. Longer journeys set their own.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
