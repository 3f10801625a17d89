import { SNAPSHOT_ID } from '../core/start-snapshot';
import { afterPaint } from './when-idle';

// The start snapshot's handover to the app (start-snapshot.ts takes the snapshots). The snapshot is
// shown from the page itself; the app draws itself hidden under it and takes its place once drawn.
// Meanwhile a tap on the snapshot is not lost: it is kept and followed by the app's router. Apart
// from start-snapshot.ts, which brings React and the database: main.tsx runs this first, before
// either has run.

let tapped: string | null = null;
let follow: ((to: string) => void) | null = null;

/** The snapshot shown from the page, while the app has not taken its place. */
export function snapshotInPage(): HTMLElement | null {
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
