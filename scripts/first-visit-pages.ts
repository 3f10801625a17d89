// Part of `npm run build`: writes the first visit's pages, one per language, into the built app's
// first-visit/ (src/core/first-visit.ts): index.html with the top of the welcome screen already
// in it, its texts from the translation files. The server sends one to a phone that opens an app
// screen without a service worker (server/app.ts); they are not precached (the service worker
// answers with the app's own index.html and start snapshot).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIRST_VISIT_DIR, firstVisitPage, type WelcomeTexts } from '../src/core/first-visit';
import { LANGUAGES, type Language } from '../src/core/model';
import { formatPercent } from '../src/i18n/format';
import { LANGUAGE_ENDONYMS } from '../src/i18n/languages';
import { BUILT_APP_DIR } from './built-app';

type Texts = Record<string, unknown>;

function readTexts(lang: Language, namespace: string): Texts {
  return JSON.parse(readFileSync(join('locales', lang, `${namespace}.json`), 'utf8')) as Texts;
}

/** A text of a translation file by its dotted key; the build fails on one that is missing. */
function text(texts: Texts, key: string, values: Record<string, string> = {}): string {
  const found = key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Texts)[part] : undefined), texts);
  if (typeof found !== 'string') throw new Error(`first-visit pages: no text "${key}"`);
  return found.replace(/\{\{(\w+)\}\}/g, (all, name: string) => values[name] ?? all);
}

export function welcomeTexts(lang: Language): WelcomeTexts {
  const common = readTexts(lang, 'common');
  const gazetteer = readTexts(lang, 'gazetteer');
  return {
    skipToContent: text(common, 'skipToContent'),
    downloading: text(common, 'offlineDownload.progress', { percent: formatPercent(0, lang) }),
    downloadLabel: text(common, 'offlineDownload.label'),
    title: text(common, 'welcome.title'),
    lead: text(common, 'welcome.text'),
    signIn: text(gazetteer, 'signInInstead'),
    backup: text(gazetteer, 'backupInstead'),
    language: text(common, 'language'),
    endonyms: LANGUAGE_ENDONYMS,
  };
}

export function writeFirstVisitPages(dist: string): string[] {
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  mkdirSync(join(dist, FIRST_VISIT_DIR), { recursive: true });
  return LANGUAGES.map((lang) => {
    const page = firstVisitPage(index, lang, welcomeTexts(lang));
    if (page === null) throw new Error(`first-visit pages: ${dist}/index.html has no app root`);
    const path = join(dist, FIRST_VISIT_DIR, `${lang}.html`);
    writeFileSync(path, page);
    return path;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = writeFirstVisitPages(BUILT_APP_DIR);
  console.log(`first-visit pages: ${written.length} (${LANGUAGES.join(', ')})`);
}
