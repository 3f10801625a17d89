import { SNAPSHOT_ID } from '../core/start-snapshot';
import { rememberedLanguage } from '../i18n/remembered-language';
import { dropUnfitFirstVisit, holdSnapshotTaps } from '../ui/snapshot-handover';
import { nextTask } from '../ui/when-idle';
import './styles.css';

// A tap on the start snapshot (the library as last drawn, or a first visit's welcome, shown before
// the app) waits for the app.
holdSnapshotTaps();

// The start, in tasks of its own, none of which keeps the phone from answering a tap for long
// (bench:start counts tasks over 50 ms; Lighthouse each one's time over that): the libraries of the
// database and of the texts run; then the database is made (its tables declared); then the database
// and the translations start and ask for what the first screen needs (first-reads.ts); then the
// rest of the app's modules run (start.tsx), while the database answers. All of it is in one file
// (vite.config.ts): each part runs when asked for.
async function boot(): Promise<void> {
  await Promise.all([import('../db/database'), import('i18next')]);
  await nextTask();
  await import('../db/instance');
  await nextTask();
  const { firstReads } = await import('./first-reads');
  if (firstReads instanceof Error) throw firstReads;
  dropUnfitFirstVisit(firstReads.guess === '/welcome', rememberedLanguage());
  await nextTask();
  const { start } = await import('./start');
  await start(firstReads);
}

boot().catch((error: unknown) => {
  // Without a database or translations there is nothing to render: show the message in index.html.
  console.error(error);
  document.getElementById(SNAPSHOT_ID)?.remove();
  document.getElementById('root')?.replaceChildren();
  document.getElementById('boot-error')?.removeAttribute('hidden');
});
