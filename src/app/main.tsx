import { firstReads } from './first-reads';
import { dropUnfitFirstVisit, holdSnapshotTaps } from '../ui/start-snapshot';
import { rememberedLanguage } from '../i18n/setup';
import { SNAPSHOT_ID } from '../core/start-snapshot';
import { nextTask } from '../ui/when-idle';
import './styles.css';

// A tap on the start snapshot (the library as last drawn, or a first visit's welcome, shown before
// the app) waits for the app.
holdSnapshotTaps();
dropUnfitFirstVisit(!(firstReads instanceof Error) && firstReads.guess === '/welcome', rememberedLanguage());

// The start, in two tasks: the database and the translations run and ask for what the first screen
// needs (first-reads.ts); then the rest of the app's modules run (start.tsx), while the database
// answers. Neither keeps the phone from answering a tap for long (bench:start counts tasks over 50 ms).
async function boot(): Promise<void> {
  if (firstReads instanceof Error) throw firstReads;
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
