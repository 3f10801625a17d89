import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { ChunkingContext } from 'rolldown';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import packageJson from './package.json' with { type: 'json' };
import { precacheTiers } from './scripts/precache-tiers.ts';

// Kept in one place so the manifest, index.html and tests agree.
const THEME_COLOR = '#0b5d52';

// The service worker downloads the app shell first, then the main screens, languages and the rest.
const tiers = precacheTiers();

const localeOf = (moduleId: string) => /[\\/]locales[\\/](\w+)[\\/]\w+\.json$/.exec(moduleId)?.[1];

/** The start's parts that main.tsx imports (dynamically), each once the one before has run. */
const START_PARTS = /[\\/]src[\\/](app[\\/](first-reads\.ts|start\.tsx)|db[\\/](database|instance)\.ts)$|[\\/]node_modules[\\/]i18next[\\/]/;

/**
 * Whether a module runs at every start: it is the entry or one of the start's parts, or one of them
 * imports it statically, directly or through other such modules. Those go in one chunk (below)
 * rather than a dozen small ones: each costs a first visit a request over a slow link, and every
 * start the work of issuing it.
 */
function startsWithApp(moduleId: string, ctx: ChunkingContext, seen = new Map<string, boolean>()): boolean {
  const known = seen.get(moduleId);
  if (known !== undefined) return known;
  seen.set(moduleId, false); // a cycle leads nowhere new
  const info = ctx.getModuleInfo(moduleId);
  const result = info !== null && (info.isEntry || START_PARTS.test(moduleId) || info.importers.some((importer) => startsWithApp(importer, ctx, seen)));
  seen.set(moduleId, result);
  return result;
}

const APP_CODE = /[\\/]src[\\/]/;

/** The size (characters of code) from which one of the app's modules counts as big. */
const BIG_MODULE = 20_000;

/**
 * Whether a module brings what not every screen should pay for: a library the start does not run
 * (Leaflet, Chart.js, valibot, hashing, CSV...), a big module, or one that imports such a module.
 */
function bringsWeight(moduleId: string, ctx: ChunkingContext, seen = new Map<string, boolean>()): boolean {
  const known = seen.get(moduleId);
  if (known !== undefined) return known;
  seen.set(moduleId, false); // a cycle adds nothing
  const info = ctx.getModuleInfo(moduleId);
  let result = false;
  if (info !== null && !startsWithApp(moduleId, ctx)) {
    result = !APP_CODE.test(moduleId) || (info.code?.length ?? 0) > BIG_MODULE || info.importedIds.some((imported) => bringsWeight(imported, ctx, seen));
  }
  seen.set(moduleId, result);
  return result;
}

/**
 * Whether a module goes into the screens' kit: the app's own small pieces that screens share (the
 * group below keeps those two or more screens use), other than the start's, the screens
 * themselves, data files and what brings weight (bringsWeight). Left to themselves, the bundler
 * cuts them into a chunk per set of screens using them (110 files, 25 of them under 1 KB): a
 * screen asked for up to 23 files, each a <link> the page adds (~5 ms each at 4x CPU, in the
 * start's busiest moment) and a request to the service worker. With the kit, most screens ask
 * for 3 to 9, and the library for 3.
 */
function inScreenKit(moduleId: string, ctx: ChunkingContext): boolean {
  const info = ctx.getModuleInfo(moduleId);
  if (info === null || !APP_CODE.test(moduleId) || moduleId.endsWith('.json') || info.dynamicImporters.length > 0) return false;
  return !startsWithApp(moduleId, ctx) && !bringsWeight(moduleId, ctx);
}

/** The chunks the groups below make, one per language. */
const localeChunk = /(^|\/)locale-\w+-[\w-]+\.js$/;

/**
 * Dexie's own modern build (ES modules, ES2018) for the app, in place of the one its package hands a
 * bundler: a wrapper around its ES5 UMD build, one big function run whole at every start (bench:start).
 * Same version, same code. Not in the unit tests, which load dexie-react-hooks from node_modules with
 * the package's own Dexie: one copy of Dexie there, as here.
 */
const DEXIE_MODERN = fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url));

export default defineConfig({
  resolve: {
    alias: process.env.VITEST ? [] : [{ find: /^dexie$/, replacement: DEXIE_MODERN }],
  },
  define: {
    __APP_VERSION__: JSON.stringify(packageJson.version),
  },
  plugins: [
    react(),
    tiers.plugin,
    VitePWA({
      // Prompt mode: a waiting worker is activated only when the user accepts the update banner.
      registerType: 'prompt',
      injectRegister: false,
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectManifest: {
        // The app shell only: code, styles, the page and the icons. Photos and map data never go here.
        // Icons come through this list (not the plugin's own additions) so that they get a tier too.
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        // Fail the build rather than silently leave a big chunk out of the precache.
        maximumFileSizeToCacheInBytes: 600 * 1024,
        // An unminified build for profiles (ASHAR_NOMINIFY) has a start chunk of ~1.3 MB.
        ...(process.env.ASHAR_NOMINIFY ? { maximumFileSizeToCacheInBytes: 4 * 1024 * 1024 } : {}),
        manifestTransforms: [async (entries) => tiers.manifestTransform(entries)],
      },
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Ашар — тажрыйба алмашуу',
        short_name: 'Ашар',
        description: 'Айыл аймактарынын ортосунда тажрыйба алмашуу',
        lang: 'ky',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: THEME_COLOR,
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  build: {
    // ASHAR_DIST_DIR, as the server reads it (scripts/built-app.ts): `npm test` builds into
    // dist-test/ so that the dist/ a running `npm start` serves is left alone.
    outDir: process.env.ASHAR_DIST_DIR || 'dist',
    target: 'es2020',
    sourcemap: false,
    // ASHAR_NOMINIFY=1 keeps names readable in a benchmark's CPU profile (BENCH_PROFILE); never for a release.
    minify: !process.env.ASHAR_NOMINIFY,
    modulePreload: {
      // A language's chunk needs nothing the start has not loaded already (the runtime helper):
      // preloading "its dependencies" only costs the start's longest task a querySelector and a
      // <link> per namespace (10 of them, ~25 ms at 4x CPU; bench:start).
      resolveDependencies: (url, deps) => (localeChunk.test(url) ? [] : deps),
    },
    rolldownOptions: {
      output: {
        // Each module runs when the code importing it asks for it, not all at once when its chunk
        // loads: the start's second part (start.tsx and what only it imports: React DOM, the
        // router, the frame) shares the entry's chunk yet runs in a task of its own (main.tsx), and
        // the start's longest task is about a third of what it was (bench:start, bench/RESULTS.md).
        strictExecutionOrder: true,
        advancedChunks: {
          // One chunk per language: a phone fetches only the language it shows, in one request.
          groups: [
            { name: (id: string) => (localeOf(id) ? `locale-${localeOf(id)}` : null) },
            // Everything the start runs, in one chunk: index.html loads the entry (a few bytes that
            // import it) and preloads it with the bundler's small runtime helper.
            { name: (id: string, ctx: ChunkingContext) => (startsWithApp(id, ctx) ? 'start' : null) },
            // The screens' shared pieces, in one chunk (inScreenKit); their other imports stay
            // where they are (a library goes in a chunk of its own, fetched by the screens using it).
            {
              name: (id: string, ctx: ChunkingContext) => (inScreenKit(id, ctx) ? 'screen-kit' : null),
              minShareCount: 2,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['test/unit/setup.ts'],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/unit/**/*.test.{ts,tsx}', 'test/server/**/*.test.ts', 'test/sim/**/*.test.ts'] } },
      // The server's tests and the simulations again on PostgreSQL, in a cluster the run starts
      // (test/postgres/): those of the SQLite file itself (its backups, its migrations, a killed
      // process) and of what no database touches (configuration, file stores) run once, above.
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/server/**/*.test.ts', 'test/sim/**/*.test.ts', 'test/postgres/**/*.test.ts'],
          exclude: [
            'test/server/{admin-cli,migrate,crash,restore,teams-restore,faults}.test.ts',
            'test/server/{config,trust-proxy,file-store,files-config,blobs-stores,local-file-store-processes,static-files}.test.ts',
          ],
          globalSetup: ['test/postgres/global-setup.ts'],
        },
      },
    ],
    restoreMocks: true,
    // No test may lean on vitest's 5 s default: on a busy 2-core machine a screen test typing with
    // user-event or a server test checking passwords with scrypt takes several seconds (up to ~15 s
    // measured with builds running beside it), and a hook starting a server and signing in its
    // accounts 20–35 s (test/server/harness.ts). A hang still fails, within a few minutes. Tests known
    // to be longer (fifty phones at once, a killed server, password guessing) set their own.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
