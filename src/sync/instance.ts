import { db } from '../db/instance';
import { startSyncScheduler } from './scheduler';
import { refreshServerConfig } from './server-config';

// The app's one scheduler, started by the shell once the app has rendered. Screens ask it for a
// sync through requestSync; before it starts (e.g. in unit tests) that does nothing.
let scheduler: ReturnType<typeof startSyncScheduler> | null = null;

export function startAppSync(): void {
  if (scheduler) return;
  scheduler = startSyncScheduler(db);
  void refreshServerConfig(db);
  window.addEventListener('online', () => void refreshServerConfig(db));
}

/** A sync the person asked for (see the scheduler's `ask`), after `first` if given. */
export function requestSync(first?: Promise<unknown>): void {
  scheduler?.ask(first);
}
