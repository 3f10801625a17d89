// Orders the service worker's precache at build time (see TIER in src/core/precache-plan.ts): a Vite
// plugin reads the chunk graph of the app's build, and a Workbox manifest transform writes each
// entry's tier and size into the list and sorts it. The worker then downloads in that order.
import type { Plugin } from 'vite';
import { TIER, type Tier } from '../src/core/precache-plan.ts';

/**
 * The screens a person uses every day, in the order their code is fetched right after the shell:
 * the first start, the four tabs, the forms and record pages, and the photo shrinker every form
 * loads when a photo is taken. Everything not reachable from here (map, charts, print, backup,
 * examples) comes last.
 */
export const CORE_SCREENS = [
  'src/features/communities/welcome-screen.tsx',
  'src/features/communities/communities-screen.tsx',
  'src/features/library/library-screen.tsx',
  'src/features/assets/asset-list-screen.tsx',
  'src/features/workshops/workshops-screen.tsx',
  'src/features/settings/settings-screen.tsx',
  'src/features/assets/asset-form-screen.tsx',
  'src/features/library/case-study-form-screen.tsx',
  'src/features/workshops/workshop-form-screen.tsx',
  'src/media/shrink.ts',
  'src/features/library/case-study-screen.tsx',
  'src/features/workshops/workshop-screen.tsx',
];

/** Files outside the bundle that a reload needs (the page itself, its icon and the web manifest). */
const SHELL_FILES = ['index.html', 'icons/favicon-48.png', 'manifest.webmanifest'];

/** What the classification needs to know about one output file of the build. */
export interface BuiltFile {
  fileName: string;
  /** The chunk's name (`locale-ky` for a language chunk); undefined for assets. */
  name?: string;
  isEntry: boolean;
  /** The module a dynamic import loads, for a chunk that is one. */
  facadeModuleId: string | null;
  /** Static imports (file names), and the style sheets the chunk brings. */
  imports: readonly string[];
  /** Scripts that are files, not chunks, and that the code names (a worker loaded with `new URL(...)`). */
  references: readonly string[];
}

/** Where a file goes in the download: its tier, and within the main screens its place in line. */
export interface Placement {
  tier: Tier;
  /** Main screens: a screen's files come together, screen after screen, in CORE_SCREENS order. */
  rank: number;
}

/** The placement of every file of the build that is not the default (the rest). */
export function classify(files: readonly BuiltFile[], coreScreens: readonly string[] = CORE_SCREENS): Map<string, Placement> {
  const byName = new Map(files.map((file) => [file.fileName, file]));
  const placed = new Map<string, Placement>();
  const place = (start: readonly BuiltFile[], follow: (file: BuiltFile) => readonly string[], tier: Tier) => {
    const stack = [...start];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (placed.has(file.fileName)) continue;
      placed.set(file.fileName, { tier, rank: placed.size });
      for (const name of follow(file)) {
        const next = byName.get(name);
        if (next) stack.push(next);
      }
    }
  };

  // What index.html loads before the first screen: the entry and its static imports.
  const shell = files.filter((file) => file.isEntry);
  place(shell, (file) => file.imports, TIER.shell);
  for (const screen of coreScreens) {
    const chunk = files.find((file) => file.facadeModuleId?.endsWith(screen));
    if (!chunk) throw new Error(`precache tiers: no chunk for ${screen}`);
    place([chunk], (file) => [...file.imports, ...file.references], TIER.core);
  }
  // What the shell's and the screens' code names (the search worker), after the screens.
  place(
    files.filter((file) => placed.get(file.fileName)?.tier !== undefined).flatMap((file) => file.references.map((name) => byName.get(name)!)),
    (file) => [...file.imports, ...file.references],
    TIER.core,
  );
  place(
    files.filter((file) => file.name?.startsWith('locale-')),
    () => [],
    TIER.languages,
  );
  return placed;
}

/** A Workbox manifest entry at build time (Workbox adds the size and drops it after the transforms). */
interface BuildEntry {
  url: string;
  revision: string | null;
  integrity?: string;
  size: number;
}

/**
 * Writes `tier` and `bytes` into each entry and sorts: by tier; the main screens one screen after
 * another; in the shell and the languages the largest first (several downloads run at once, and
 * small files fill the link while a large one arrives); in the rest the smallest first, so more of
 * the rarely used screens are there early and the chart and map libraries come last.
 */
export function orderEntries<E extends BuildEntry>(entries: readonly E[], placements: ReadonlyMap<string, Placement>): (E & { tier: Tier; bytes: number })[] {
  const rest: Placement = { tier: TIER.rest, rank: 0 };
  return entries
    .map((entry) => {
      const { tier, rank } = SHELL_FILES.includes(entry.url) ? { tier: TIER.shell, rank: 0 } : (placements.get(entry.url) ?? rest);
      return { entry: { ...entry, tier, bytes: entry.size }, rank };
    })
    .sort((a, b) => {
      const tier = a.entry.tier;
      if (tier !== b.entry.tier) return tier - b.entry.tier;
      if (tier === TIER.core) return a.rank - b.rank;
      return tier === TIER.rest ? a.entry.size - b.entry.size : b.entry.size - a.entry.size;
    })
    .map(({ entry }) => entry);
}

/**
 * The plugin for the app's build and the transform for vite-plugin-pwa's `injectManifest`, sharing
 * what the plugin learnt from the bundle. The transform runs after the bundle is written.
 */
export function precacheTiers(): { plugin: Plugin; manifestTransform: <E extends BuildEntry>(entries: E[]) => { manifest: E[] } } {
  let placements: Map<string, Placement> | null = null;
  const plugin: Plugin = {
    name: 'ashar:precache-tiers',
    apply: 'build',
    generateBundle(_options, bundle) {
      const outputs = Object.values(bundle);
      // Only the app's build starts at index.html; the service worker and web workers are built apart.
      if (!outputs.some((output) => output.type === 'chunk' && output.isEntry && output.facadeModuleId?.endsWith('/index.html'))) return;
      // Scripts emitted as files rather than chunks: web workers, named in code with `new URL(...)`.
      const scriptAssets = outputs.filter((output) => output.type === 'asset' && output.fileName.endsWith('.js')).map((output) => output.fileName);
      placements = classify(
        outputs.map((output) => {
          if (output.type === 'asset') return { fileName: output.fileName, isEntry: false, facadeModuleId: null, imports: [], references: [] };
          const css = [...(output.viteMetadata?.importedCss ?? [])];
          return {
            fileName: output.fileName,
            name: output.name,
            isEntry: output.isEntry,
            facadeModuleId: output.facadeModuleId,
            imports: [...output.imports, ...css],
            references: scriptAssets.filter((name) => output.code.includes(name.split('/').pop()!)),
          };
        }),
      );
    },
  };
  return {
    plugin,
    manifestTransform: (entries) => {
      if (placements === null) throw new Error('precache tiers: the app bundle was not seen before the service worker build');
      // The extra fields travel into the worker's list (Workbox deletes only `size`).
      return { manifest: orderEntries(entries, placements) };
    },
  };
}
