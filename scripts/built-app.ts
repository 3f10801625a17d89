/**
 * Where the built app is: `npm run build` writes it there (vite.config.ts), the server serves it
 * (server/config.ts), and the precache check, the size benchmark and the browser tests read it.
 * ASHAR_DIST_DIR, default dist/. `npm test` sets dist-test/, so a test build never overwrites the
 * dist/ a running `npm start` serves.
 */
export const BUILT_APP_DIR = process.env.ASHAR_DIST_DIR || 'dist';
