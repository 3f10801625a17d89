// Fails the build when anything the app shell needs is missing from the service worker's precache:
// then the app would break offline on some screen. "Needs" = every script, style sheet and page
// the build produced (route and language chunks included), the web manifest and its icons.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BUILT_APP_DIR } from './built-app';

const DIST = BUILT_APP_DIR;
const NOT_PRECACHED = new Set(['sw.js']);

/** One entry of the precache list as the build wrote it into sw.js. */
export interface BuiltPrecacheEntry {
  url: string;
  revision: string | null;
  /** Set by scripts/precache-tiers.ts: 0 shell, 1 core screens, 2 languages, 3 the rest. */
  tier?: number;
  bytes?: number;
}

export function precacheEntries(dist = DIST): BuiltPrecacheEntry[] {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  return [...sw.matchAll(/\{[^{}]*"url":"[^"]+"[^{}]*\}/g)].map((match) => JSON.parse(match[0]) as BuiltPrecacheEntry);
}

export function precacheUrls(dist = DIST): string[] {
  return precacheEntries(dist).map((entry) => entry.url);
}

/** The scripts and style sheets index.html loads before the first screen (entry, modulepreloads, styles). */
export function initialFiles(html: string): string[] {
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="\/([^"]+)"/g),
  ].map((match) => match[1]!);
  return [...new Set(refs)];
}

/**
 * What a reload needs that a first install does not fetch: a file index.html loads outside the
 * shell tier (scripts/precache-tiers.ts) would leave the app unable to open offline until the
 * whole download is done.
 */
export function outsideShell(entries: readonly BuiltPrecacheEntry[], html: string): string[] {
  const shell = new Set(entries.filter((entry) => entry.tier === undefined || entry.tier === 0).map((entry) => entry.url));
  return ['index.html', ...initialFiles(html)].filter((file) => !shell.has(file));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

export function requiredShellFiles(dist = DIST): string[] {
  const built = walk(dist)
    .map((file) => relative(dist, file))
    .filter((file) => /\.(js|css|html)$/.test(file) && !NOT_PRECACHED.has(file) && !/^workbox-/.test(file));
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.webmanifest'), 'utf8')) as { icons: { src: string }[] };
  return [...built, 'manifest.webmanifest', ...manifest.icons.map((icon) => icon.src)];
}

/**
 * The service worker is registered as a classic script (what every phone browser runs), so it must
 * not contain module syntax: one `import.meta` or `import(` makes it fail to install, and then the
 * app never works offline.
 */
export function moduleSyntaxIn(sw: string): string[] {
  return [/\bimport\.meta\b/, /\bimport\s*\(/, /^\s*import\s[^(]/m, /^\s*export\s/m].filter((pattern) => pattern.test(sw)).map(String);
}

function main(): void {
  if (!existsSync(join(DIST, 'sw.js'))) throw new Error(`${DIST}/sw.js is missing: run vite build first`);
  const moduleSyntax = moduleSyntaxIn(readFileSync(join(DIST, 'sw.js'), 'utf8'));
  if (moduleSyntax.length > 0) {
    console.error(`${DIST}/sw.js has module syntax a classic service worker cannot run: ${moduleSyntax.join(', ')}`);
    process.exit(1);
  }
  const precached = new Set(precacheUrls());
  const missing = requiredShellFiles().filter((file) => !precached.has(file));
  if (missing.length > 0) {
    console.error(`The service worker does not precache what the app shell needs:\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
  const notInShell = outsideShell(precacheEntries(), readFileSync(join(DIST, 'index.html'), 'utf8'));
  if (notInShell.length > 0) {
    console.error(`index.html loads files the first install does not fetch (not in the shell tier):\n  ${notInShell.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`precache check: all ${precached.size} app-shell files are precached; what index.html loads is in the first install`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
