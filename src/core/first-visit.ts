// The first visit's page. A phone that opens Ashar for the first time has no service worker yet and
// nothing of the app: before its scripts have come over a slow link and run, it would show only the
// splash. The server sends it instead a page with the top of the welcome screen already in it, in
// the language the phone asks for (scripts/first-visit-pages.ts writes one per language at build
// time; server/app.ts picks it). It is a start snapshot like the library's (start-snapshot.ts): the
// app draws itself hidden under it and takes its place once its own welcome screen is drawn.

import { LANGUAGES, type Language } from './model';
import { pageWithMarkup } from './start-snapshot';

/** Where the build writes the first visit's pages, inside the built app: `first-visit/ky.html`. */
export const FIRST_VISIT_DIR = 'first-visit';

/** The texts of the welcome screen's top, in one language, as the app's translation files have them. */
export interface WelcomeTexts {
  skipToContent: string;
  /** The note that the app is being downloaded for offline use, at 0%. */
  downloading: string;
  downloadLabel: string;
  title: string;
  lead: string;
  signIn: string;
  backup: string;
  language: string;
  /** Each language's name as its speakers write it (the language switcher). */
  endonyms: Record<Language, string>;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The top of the welcome screen as the app draws it on a fresh phone's first visit (layout.tsx,
 * offline-status.tsx, page.tsx, welcome-screen.tsx, language-switcher.tsx): the same elements and
 * classes, so nothing moves when the app takes its place (test/e2e/first-visit.e2e.ts). No ids:
 * the app's own root, under it, has them. The choice of a community, which needs the gazetteer, is
 * the app's to draw.
 */
export function welcomeMarkup(lang: Language, texts: WelcomeTexts): string {
  const e = escapeHtml;
  const languages = LANGUAGES.map((code) => {
    const active = code === lang;
    return `<button type="button" lang="${code}" class="${active ? 'segment segment-active' : 'segment'}" aria-pressed="${active}">${e(texts.endonyms[code])}</button>`;
  }).join('');
  return [
    '<div class="shell">',
    `<a href="#main" class="skip-link">${e(texts.skipToContent)}</a>`,
    `<div class="offline-status"><p>${e(texts.downloading)}</p><progress max="100" value="0" aria-label="${e(texts.downloadLabel)}"></progress></div>`,
    '<main class="main">',
    `<header class="page-header"><h1 tabindex="-1">${e(texts.title)}</h1></header>`,
    '<div class="page-body">',
    `<p class="lead">${e(texts.lead)}</p>`,
    `<p class="link-row"><a class="button" href="/settings">${e(texts.signIn)}</a><a class="button" href="/settings/backup">${e(texts.backup)}</a></p>`,
    `<fieldset class="segmented"><legend>${e(texts.language)}</legend>${languages}</fieldset>`,
    '</div></main></div>',
  ].join('');
}

/** The first visit's page in one language (null when index.html has no app root). */
export function firstVisitPage(indexHtml: string, lang: Language, texts: WelcomeTexts): string | null {
  return pageWithMarkup(indexHtml, welcomeMarkup(lang, texts), lang, 'first-visit');
}

/** The first of the browser's languages that Ashar speaks; otherwise Kyrgyz. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const match = LANGUAGES.find((lang) => lang === base);
    if (match) return match;
  }
  return 'ky';
}

/**
 * The language a phone asks for in its Accept-Language header, as the app picks one from the
 * browser's languages (pickLanguage): the first it speaks, by the header's order of preference.
 */
export function languageAsked(acceptLanguage: string | undefined): Language {
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, weight }) => tag !== '' && tag !== '*' && weight > 0 && Number.isFinite(weight))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ tag }) => tag);
  return pickLanguage(tags);
}
