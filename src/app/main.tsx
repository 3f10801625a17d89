import { ensureAdminUnits } from '../db/gazetteer';
import { db } from '../db/instance';
import { readLanguage } from '../db/settings';
import { watchAssetChanges } from '../features/assets/asset-model';
import { isLanguage, pickLanguage } from '../i18n/languages';
import { startI18n, startLoadingLanguage } from '../i18n/setup';
import { watchFailedStyles } from '../ui/failed-styles';
import { loadCurrentCommunity } from '../ui/use-app-data';
import { nextTask } from '../ui/when-idle';
import { watchDatabaseVersion } from './newer-version';
import './styles.css';

// The app starts in two tasks, so that neither keeps a slow phone from answering for long
// (bench:start counts tasks over 50 ms): this module's code (the database, the translations) runs
// first and asks at once for what the first screen needs, the phone's data and the language's
// texts; then the rest of the app's code (React, the router, the frame: ./start) runs while the
// database answers. index.html preloads both parts (scripts/start-preload.ts).
async function main(): Promise<void> {
  watchDatabaseVersion(db);
  watchAssetChanges(db);
  watchFailedStyles();
  startLoadingLanguage();
  const language = readLanguage(db).then((stored) => startI18n(isLanguage(stored) ? stored : pickLanguage(navigator.languages)));
  const reads = Promise.all([language, ensureAdminUnits(db), loadCurrentCommunity()]);
  // Its failure is startApp()'s: not an unhandled rejection while the rest of the code loads.
  reads.catch(() => undefined);
  await nextTask();
  const { startApp } = await import('./start');
  await startApp(reads.then(([, , community]) => community));
}

main().catch((error: unknown) => {
  // Without a database or translations there is nothing to render: show the message in index.html.
  console.error(error);
  document.getElementById('root')?.replaceChildren();
  document.getElementById('boot-error')?.removeAttribute('hidden');
});
