import { useEffect } from 'react';
import { SNAPSHOT_ID } from '../core/start-snapshot';
import { afterEachChange } from '../db/changes';
import type { AsharDb } from '../db/database';
import { forgetStartSnapshot, writeStartSnapshot } from '../db/start-snapshot';
import { FIRST_SCREENFUL } from './use-first-screenful';
import { afterPaint, whenIdle } from './when-idle';

// The page's side of the start snapshot (src/core/start-snapshot.ts). A start at the home screen's
// address shows the library as the app last drew it, from the page itself; the app draws itself
// hidden under it (its root is `hidden`) and takes its place once its own list is drawn. Meanwhile
// a tap on the snapshot is not lost: it is kept and followed by the app's router.

/** What names this build in its index.html: the address of the start's script (this module is in it). */
const BUILD = new URL(import.meta.url).pathname;

/** Left out of a snapshot: what says something about this moment only (offline, an update, a notice). */
const MOMENTARY = '[data-no-snapshot]';

/** How long after the library's list changed a snapshot of it is taken (then when the page is idle). */
const SETTLE_MS = 1000;

let tapped: string | null = null;
let follow: ((to: string) => void) | null = null;

function snapshotInPage(): HTMLElement | null {
  return document.getElementById(SNAPSHOT_ID);
}

/**
 * First thing at a start (main.tsx): a tap on a link of the snapshot opens that screen in the app,
 * once its router is there, rather than loading the page again; buttons and forms of the snapshot do
 * nothing (it is a picture of the app until the app takes its place).
 */
export function holdSnapshotTaps(): void {
  const snapshot = snapshotInPage();
  if (!snapshot) return;
  snapshot.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const link = target?.closest('a[href]');
    if (link || target?.closest('button, summary, label')) event.preventDefault();
    const to = link?.getAttribute('href');
    if (!to || !to.startsWith('/')) return;
    if (follow) follow(to);
    else tapped = to;
  });
  snapshot.addEventListener('submit', (event) => event.preventDefault());
}

/**
 * First thing at a start, after holdSnapshotTaps: the first visit's welcome (src/core/first-visit.ts),
 * which the server sends to any phone its service worker does not serve, goes at once when this
 * start does not go to the welcome screen (a community was chosen before) or when the phone chose
 * another language than the page's: the splash under it shows until the app is drawn.
 */
export function dropUnfitFirstVisit(startsAtWelcome: boolean, language: string | null): void {
  const snapshot = snapshotInPage();
  if (snapshot?.dataset.snapshot !== 'first-visit') return;
  if (startsAtWelcome && (language === null || language === document.documentElement.lang)) return;
  snapshot.remove();
  const root = document.getElementById('root');
  if (root) root.hidden = false;
}

/** Once the app's router is there (start.tsx): a tap kept from the snapshot is followed, and the next ones too. */
export function followSnapshotTaps(navigate: (to: string) => void): void {
  if (!snapshotInPage()) return;
  follow = navigate;
  if (tapped) navigate(tapped);
  tapped = null;
}

/**
 * The app takes the snapshot's place (nothing happens when there is none): its root shown, the
 * snapshot gone, focus where the screen would have put it.
 */
export function revealApp(): void {
  const snapshot = snapshotInPage();
  if (!snapshot) return;
  const root = document.getElementById('root');
  const searching = document.activeElement instanceof HTMLInputElement && snapshot.contains(document.activeElement);
  snapshot.remove();
  follow = null;
  if (!root) return;
  root.hidden = false;
  if (searching) root.querySelector<HTMLInputElement>('.search-box input')?.focus();
  // A screen moves focus to its title on arrival (page.tsx), which a hidden root could not take.
  // After the frame that shows it: focusing lays the page out at once, in the task that revealed it.
  else
    afterPaint(() => {
      if (!document.activeElement || document.activeElement === document.body) root.querySelector<HTMLElement>('h1[tabindex]')?.focus({ preventScroll: true });
    });
}

/**
 * The markup of a snapshot of `root`: what it shows, less what is of the moment; its ids left out
 * (the app's own root, under it, has the same ones), its fields read-only, each list's first
 * screenful only.
 */
export function snapshotOf(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  for (const element of copy.querySelectorAll(MOMENTARY)) element.remove();
  for (const element of copy.querySelectorAll('[id]')) element.removeAttribute('id');
  for (const element of copy.querySelectorAll('label[for]')) element.removeAttribute('for');
  for (const field of copy.querySelectorAll('input, textarea')) field.setAttribute('readonly', '');
  // What a phone's screen shows of each list: the page to parse and lay out before the first paint
  // is that much smaller, and the rest is the app's to draw.
  for (const list of copy.querySelectorAll('.record-list')) for (const item of [...list.children].slice(FIRST_SCREENFUL)) item.remove();
  return copy.innerHTML;
}

/** Takes a snapshot of the app as it is on screen now, when that is the library with nothing searched. */
export async function takeStartSnapshot(): Promise<void> {
  const root = document.getElementById('root');
  if (!root || root.hidden || snapshotInPage() || location.pathname !== '/library' || location.search !== '') return;
  await writeStartSnapshot({ html: snapshotOf(root), build: BUILD, lang: document.documentElement.lang });
}

function takeQuietly(): void {
  takeStartSnapshot().catch((error: unknown) => console.warn('start snapshot not kept', error));
}

/**
 * For the library's screen. `drawn`: its list (or its empty state) is drawn, so the app takes the
 * snapshot's place. `plain`: nothing is searched or filtered, so what is drawn is what a start shows:
 * a snapshot is taken a moment after each change (`version`) and when the person leaves the app.
 */
export function useStartSnapshot(drawn: boolean, plain: boolean, version: unknown): void {
  useEffect(() => {
    if (drawn) revealApp();
  }, [drawn]);
  useEffect(() => {
    if (!drawn || !plain) return undefined;
    let cancelIdle = () => undefined as void;
    const timer = setTimeout(() => (cancelIdle = whenIdle(takeQuietly)), SETTLE_MS);
    const leaving = () => {
      if (document.visibilityState === 'hidden') takeQuietly();
    };
    document.addEventListener('visibilitychange', leaving);
    return () => {
      clearTimeout(timer);
      cancelIdle();
      document.removeEventListener('visibilitychange', leaving);
    };
  }, [drawn, plain, version]);
}

/**
 * Case studies that change (a save, a sync brought or took some, a person signed out) make the
 * snapshot go at once: it may show what this phone no longer shows, or miss what it now does. The
 * library, when it is on screen, takes a new one a moment later.
 */
export function watchStartSnapshot(db: AsharDb): void {
  afterEachChange(
    () => db.caseStudies.count(),
    () => void forgetStartSnapshot(),
  );
}
