import { describe, expect, it } from 'vitest';
import { TIER } from '../../../src/core/precache-plan';
import { outsideShell } from '../../../scripts/check-precache';
import { classify, orderEntries, type BuiltFile } from '../../../scripts/precache-tiers';

const chunk = (fileName: string, extra: Partial<BuiltFile> = {}): BuiltFile => ({
  fileName,
  isEntry: false,
  facadeModuleId: null,
  imports: [],
  references: [],
  ...extra,
});

// A small build: the entry, two main screens sharing a chunk, one naming a worker, a chart screen,
// and the language chunks.
const BUILD: BuiltFile[] = [
  chunk('assets/index.js', { isEntry: true, imports: ['assets/react.js', 'assets/index.css'], references: ['assets/search.worker.js'] }),
  chunk('assets/react.js'),
  chunk('assets/index.css'),
  chunk('assets/list-screen.js', { facadeModuleId: '/app/src/features/a/list-screen.tsx', imports: ['assets/shared.js', 'assets/react.js'] }),
  chunk('assets/form-screen.js', { facadeModuleId: '/app/src/features/a/form-screen.tsx', imports: ['assets/shared.js', 'assets/form-only.js'] }),
  chunk('assets/shared.js'),
  chunk('assets/form-only.js'),
  chunk('assets/search.worker.js'),
  chunk('assets/chart-screen.js', { facadeModuleId: '/app/src/features/a/chart-screen.tsx', imports: ['assets/chart-lib.js'] }),
  chunk('assets/chart-lib.js'),
  chunk('assets/locale-ky.js', { name: 'locale-ky' }),
];
const CORE = ['src/features/a/form-screen.tsx', 'src/features/a/list-screen.tsx'];

describe('precache tiers', () => {
  it('puts what index.html loads in the shell, the main screens next screen by screen, then languages; the rest is unplaced', () => {
    const placed = classify(BUILD, CORE);
    const tierOf = (file: string) => placed.get(file)?.tier;
    expect(['assets/index.js', 'assets/react.js', 'assets/index.css'].map(tierOf)).toEqual([TIER.shell, TIER.shell, TIER.shell]);
    expect(['assets/form-screen.js', 'assets/shared.js', 'assets/form-only.js', 'assets/list-screen.js', 'assets/search.worker.js'].map(tierOf)).toEqual(
      Array(5).fill(TIER.core),
    );
    expect(tierOf('assets/locale-ky.js')).toBe(TIER.languages);
    expect(tierOf('assets/chart-screen.js')).toBeUndefined();
    expect(tierOf('assets/chart-lib.js')).toBeUndefined();
    // The form comes first (first in the list) with its files, then the list screen, then the worker.
    const rank = (file: string) => placed.get(file)!.rank;
    expect(Math.max(rank('assets/form-screen.js'), rank('assets/shared.js'), rank('assets/form-only.js'))).toBeLessThan(rank('assets/list-screen.js'));
    expect(rank('assets/list-screen.js')).toBeLessThan(rank('assets/search.worker.js'));
  });

  it('fails the build when a main screen has no chunk of its own (renamed, or no longer loaded apart)', () => {
    expect(() => classify(BUILD, [...CORE, 'src/features/a/gone-screen.tsx'])).toThrow('no chunk for src/features/a/gone-screen.tsx');
  });

  it('orders the precache list by tier: main screens in their order, the rest smallest first; index.html and the web manifest are shell', () => {
    const placed = classify(BUILD, CORE);
    const entries = [
      ['assets/chart-lib.js', 900],
      ['assets/chart-screen.js', 20],
      ['assets/locale-ky.js', 300],
      ['assets/list-screen.js', 50],
      ['assets/form-screen.js', 60],
      ['manifest.webmanifest', 1],
      ['assets/react.js', 400],
      ['index.html', 2],
    ].map(([url, size]) => ({ url: url as string, revision: null, size: size as number }));
    const ordered = orderEntries(entries, placed);
    expect(ordered.map((entry) => [entry.url, entry.tier])).toEqual([
      ['assets/react.js', TIER.shell],
      ['index.html', TIER.shell],
      ['manifest.webmanifest', TIER.shell],
      ['assets/form-screen.js', TIER.core],
      ['assets/list-screen.js', TIER.core],
      ['assets/locale-ky.js', TIER.languages],
      ['assets/chart-screen.js', TIER.rest],
      ['assets/chart-lib.js', TIER.rest],
    ]);
    expect(ordered.find((entry) => entry.url === 'assets/chart-lib.js')!.bytes).toBe(900);
  });
});

describe('the build check', () => {
  it('finds a file index.html loads that the first install would not fetch', () => {
    const html =
      '<script type="module" crossorigin src="/assets/index.js"></script><link rel="modulepreload" crossorigin href="/assets/react.js"><link rel="stylesheet" href="/assets/index.css">';
    const entries = [
      { url: 'index.html', revision: 'r', tier: TIER.shell },
      { url: 'assets/index.js', revision: null, tier: TIER.shell },
      { url: 'assets/react.js', revision: null, tier: TIER.core },
      { url: 'assets/index.css', revision: null, tier: TIER.shell },
    ];
    expect(outsideShell(entries, html)).toEqual(['assets/react.js']);
    expect(
      outsideShell(
        entries.map((entry) => ({ ...entry, tier: TIER.shell })),
        html,
      ),
    ).toEqual([]);
  });
});
