// The start snapshot: what the library looked like when the app last showed it, kept by the page
// (src/ui/start-snapshot.ts) and put into the page by the service worker when the app is opened at
// its start address, so that a slow phone shows the list at once, before any script has run. The
// app draws itself hidden under it and takes its place once its own list is drawn.

/** The Cache Storage cache, and the key in it, that hold the snapshot (read by the service worker). */
export const SNAPSHOT_CACHE = 'ashar-start-snapshot';
export const SNAPSHOT_KEY = '/start-snapshot';
/** Headers of the stored response: the build it was drawn by, and its language. */
export const SNAPSHOT_BUILD_HEADER = 'x-ashar-build';
export const SNAPSHOT_LANG_HEADER = 'x-ashar-lang';
/** The element that holds the snapshot in the page, before the app's own root. */
export const SNAPSHOT_ID = 'start-snapshot';

/** The addresses a start from the home screen opens (the manifest's start_url, and where it leads). */
export function isStartAddress(url: URL): boolean {
  return (url.pathname === '/' || url.pathname === '/library') && url.search === '' && url.hash === '';
}

export interface StoredSnapshot {
  /** The snapshot's markup: the inside of the app's root, as the page drew it (escaped by the browser). */
  html: string;
  /** What names the build that drew it (its start script's address), found in that build's index.html. */
  build: string;
  lang: string;
}

const ROOT = '<div id="root">';
const HTML_LANG = /<html lang="[a-z]{2}">/;

/**
 * index.html with a snapshot in it: the snapshot's markup before the app's root, which is hidden
 * until the app takes the snapshot's place; the page's language set. `kind` names the snapshot
 * (the library's, or the first visit's welcome). Null for an index.html without the app's root.
 */
export function pageWithMarkup(indexHtml: string, markup: string, lang: string | null, kind: 'library' | 'first-visit'): string | null {
  if (!indexHtml.includes(ROOT)) return null;
  // A function as the replacement: nothing in the markup is read as a replacement pattern ($&).
  const page = indexHtml.replace(ROOT, () => `<div id="${SNAPSHOT_ID}" data-snapshot="${kind}" aria-hidden="true">${markup}</div><div id="root" hidden>`);
  return lang && /^[a-z]{2}$/.test(lang) ? page.replace(HTML_LANG, `<html lang="${lang}">`) : page;
}

/**
 * index.html with the snapshot in it, or null when it does not fit this page: drawn by another build
 * (its markup and styles may differ) or an index.html without the app's root.
 */
export function pageWithSnapshot(indexHtml: string, snapshot: StoredSnapshot): string | null {
  if (!snapshot.build || !indexHtml.includes(snapshot.build)) return null;
  return pageWithMarkup(indexHtml, snapshot.html, snapshot.lang, 'library');
}
