import type { Community } from '../core/model';
import { ensureAdminUnits } from '../db/gazetteer';
import { db } from '../db/instance';
import { readLanguage } from '../db/settings';
import { pickLanguage } from '../core/first-visit';
import { isLanguage } from '../i18n/languages';
import { nameOrder, prepareFormats } from '../i18n/format';
import { nextTask } from '../ui/when-idle';
import { startI18n, startLoadingLanguage } from '../i18n/setup';
import { communityChosenBefore, loadCurrentCommunity } from '../ui/use-app-data';
import { watchDatabaseVersion } from './newer-version';
import { restoreLostWork } from './restore-lost-work';
import { startAddress } from '../core/start-address';

/** What the start asked for before the rest of the app's code ran, and where it goes. */
export interface FirstReads {
  /** The screen the address asks for; `guess`, where the start loads first (see startAddress). */
  asked: string;
  guess: string;
  needsCommunity: boolean;
  /** The address's query and fragment, kept when it goes to `asked`. */
  rest: string;
  /** The language (set up), the gazetteer, and the current community. */
  reads: Promise<readonly [unknown, unknown, Community | null]>;
}

/**
 * The first thing the app runs (main.tsx): the database and the translations, which then at once
 * ask for what the first screen needs, all together: the language's texts start loading and the
 * database is read. A throw is the start's failure (main.tsx shows it).
 */
function askFirst(): FirstReads {
  watchDatabaseVersion(db);
  startLoadingLanguage();
  // The address the phone opens the app at (the manifest's start_url) shows the library; a phone
  // that had no community chosen goes to the welcome screen instead (and back if it has one).
  const { asked, guess, needsCommunity } = startAddress(location.pathname, communityChosenBefore());
  const rest = `${location.search}${location.hash}`;
  if (guess !== location.pathname) history.replaceState(history.state, '', guess === asked ? `${guess}${rest}` : guess);
  const language = readLanguage(db).then((stored) => startI18n(isLanguage(stored) ? stored : pickLanguage(navigator.languages)));
  // With no community chosen, work not sent yet comes back first, when the browser deleted the
  // database under the app.
  const community = loadCurrentCommunity().then(async (found) => found ?? ((await restoreLostWork(db)) ? loadCurrentCommunity() : null));
  const reads = Promise.all([language, ensureAdminUnits(db), community]);
  // What a screen needs of Intl (ICU's data) is made in a task of its own meanwhile, not in the task
  // that draws the screen: the welcome screen draws places in the reader's order (the collator),
  // most others dates and numbers. The library, where a phone starts, needs neither at once.
  if (guess !== '/library') {
    language
      .then(async (i18n) => {
        await nextTask();
        if (!isLanguage(i18n.language)) return;
        if (guess === '/welcome') nameOrder(i18n.language);
        else prepareFormats(i18n.language);
      })
      .catch(() => undefined);
  }
  // Its failure is the start's, when it awaits them: not an unhandled rejection meanwhile.
  reads.catch(() => undefined);
  return { asked, guess, needsCommunity, rest, reads };
}

/** What the first part of the start asked for, or why it could not (start.tsx is not run then). */
export const firstReads: FirstReads | Error = (() => {
  try {
    return askFirst();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
})();
