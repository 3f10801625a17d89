import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals, so testing-library cannot register its own cleanup.
afterEach(cleanup);

// findBy… and waitFor give up after 1 s by default: too short for a screen reading the database on
// a busy 2-core machine (seen failing with builds running beside it). A real hang still fails, at
// the test's timeout (vite.config.ts).
configure({ asyncUtilTimeout: 15_000 });
