import { useEffect } from 'react';
import { afterEachChange } from '../db/changes';
import type { AsharDb } from '../db/database';
import { forgetStartSnapshot, writeStartSnapshot } from '../db/start-snapshot';
import { FIRST_SCREENFUL } from './use-first-screenful';
import { snapshotInPage, revealApp } from './snapshot-handover';
import { whenIdle } from './when-idle';

// The page's side of the start snapshot (src/core/start-snapshot.ts). A start at the home screen's
// address shows the library as the app last drew it, from the page itself; the app draws itself
// hidden under it (its root is `hidden`) and takes its place once its own list is drawn
// (snapshot-handover.ts). Here: taking the snapshots, and letting go of one that is out of date.

/** What names this build in its index.html: the address of the start's script (this module is in it). */
const BUILD = new URL(import.meta.url).pathname;

/** Left out of a snapshot: what says something about this moment only (offline, an update, a notice). */
const MOMENTARY = '[data-no-snapshot]';

/** How long after the library's list changed a snapshot of it is taken (then when the page is idle). */
const SETTLE_MS = 1000;

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
