import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../src/core/model';
import { NAMESPACES } from '../../../src/i18n/languages';

const LOCALES = join(__dirname, '../../../locales');
const SRC = join(__dirname, '../../../src');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value as Record<string, unknown>, path)) out.set(k, v);
  }
  return out;
}

function load(lang: string, ns: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(join(LOCALES, lang, `${ns}.json`), 'utf8')));
}

/** A key as the code names it: plural forms collapse to their base, with the forms a language needs. */
function baseKeys(keys: Iterable<string>): Set<string> {
  return new Set([...keys].map((key) => key.replace(PLURAL_SUFFIX, '')));
}

describe('translations', () => {
  it('ship exactly the namespaces the app loads, in every language', () => {
    for (const lang of LANGUAGES) {
      expect(readdirSync(join(LOCALES, lang)).sort()).toEqual(NAMESPACES.map((ns) => `${ns}.json`).sort());
    }
  });

  for (const ns of NAMESPACES) {
    it(`have every key of "${ns}" in every language, with the plural forms CLDR asks for`, () => {
      const reference = baseKeys(load('ky', ns).keys());
      for (const lang of LANGUAGES) {
        const entries = load(lang, ns);
        expect([...baseKeys(entries.keys())].sort(), `${lang}/${ns}.json`).toEqual([...reference].sort());
        const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
        const pluralBases = new Set([...entries.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
        for (const base of pluralBases) {
          for (const category of categories) {
            expect(entries.has(`${base}_${category}`), `${lang}/${ns}: ${base}_${category}`).toBe(true);
          }
        }
        for (const [key, text] of entries) expect(text.trim(), `${lang}/${ns}: ${key}`).not.toBe('');
      }
    });
  }

  it('use the same {{placeholders}} in every language', () => {
    for (const ns of NAMESPACES) {
      const reference = load('en', ns);
      for (const lang of LANGUAGES) {
        for (const [key, text] of load(lang, ns)) {
          const base = key.replace(PLURAL_SUFFIX, '');
          const english = reference.get(key) ?? reference.get(`${base}_other`) ?? '';
          const names = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
          expect(names(text), `${lang}/${ns}: ${key}`).toEqual(names(english));
        }
      }
    }
  });

  it('contain every literal key the code asks for', () => {
    const known = new Map(NAMESPACES.map((ns) => [ns, baseKeys(load('ky', ns).keys())]));
    const missing: string[] = [];
    for (const file of walk(SRC).filter((f) => f.endsWith('.tsx'))) {
      const source = readFileSync(file, 'utf8');
      // const { t: tc } = useTranslation('assets')  →  tc speaks "assets"
      const bindings = new Map<string, string>();
      for (const match of source.matchAll(/const \{ t(?:: (\w+))? \} = useTranslation\((?:'(\w+)')?\)/g)) {
        bindings.set(match[1] ?? 't', match[2] ?? 'common');
      }
      for (const [fn, ns] of bindings) {
        for (const call of source.matchAll(new RegExp(`\\b${fn}\\('([\\w.]+)'`, 'g'))) {
          if (!known.get(ns as (typeof NAMESPACES)[number])?.has(call[1]!)) missing.push(`${file}: ${ns}:${call[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}
