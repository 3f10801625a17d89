import { liveQuery } from 'dexie';
import type { AsharDb } from './database';
import { currentAuthor } from './docs';
import { SAFETY_COPY_RECORDS, type FileShelf } from './private-files';

/**
 * What a safety copy holds changes with: each waiting change (and its latest stamp), each file not
 * uploaded, and whose work it is (the copy takes only the signed-in person's, as a backup does):
 * a person signing out of a shared phone takes their work out of the copy too.
 */
async function waitingWork(db: AsharDb): Promise<{ key: string; none: boolean }> {
  const changes = (await db.outbox.toArray()).map((entry) => `${entry.seq}@${entry.hlc}`);
  const files = await db.photos.where('uploaded').equals(0).primaryKeys();
  const author = await currentAuthor(db);
  return { key: `${author}|${changes.join(',')}|${files.join(',')}`, none: changes.length === 0 && files.length === 0 };
}

/**
 * Keeps the safety copy (safety-copy.ts) up to date while the app runs: `write` is called as soon
 * as the waiting work changes (a phone may be switched off right after "Saved"), then at most once
 * every `intervalMs` while it keeps changing, and at once when the app is hidden; one write at a
 * time. A phone with nothing waiting and no copy loads no code for it. Returns the way to stop.
 */
export function keepSafetyCopy(db: AsharDb, shelf: FileShelf, write: () => Promise<unknown>, intervalMs = 2000): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> | null = null;
  let again = false;
  let last: string | undefined;
  let lastStarted = -Infinity;
  const run = () => {
    timer = undefined;
    if (writing) {
      again = true;
      return;
    }
    lastStarted = Date.now();
    const started = performance.now();
    writing = write()
      // For bench:safety-copy, and for a look at a slow phone: how long each write took.
      .then(() => void performance.measure('ashar-safety-copy', { start: started, end: performance.now() }))
      // A copy that could not be written (a full phone) is tried again at the next change.
      .catch((error: unknown) => console.warn('safety copy not written', error))
      .finally(() => {
        writing = null;
        if (again) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = () => {
    // A write already due takes this change too (it reads the database when it runs).
    if (timer !== undefined) return;
    timer = setTimeout(run, Math.max(0, lastStarted + intervalMs - Date.now()));
  };
  const subscription = liveQuery(() => waitingWork(db)).subscribe({
    next: (work) => {
      if (work.key === last) return;
      const first = last === undefined;
      last = work.key;
      if (first && work.none) {
        // Nothing to keep: only a copy left from before needs clearing.
        void shelf.read(SAFETY_COPY_RECORDS).then(
          (copy) => copy && schedule(),
          () => undefined,
        );
        return;
      }
      schedule();
    },
    error: (error: unknown) => console.warn('safety copy not watched', error),
  });
  const onHidden = () => {
    if (page?.visibilityState === 'hidden' && timer !== undefined) {
      clearTimeout(timer);
      run();
    }
  };
  const page = typeof document === 'undefined' ? null : document;
  page?.addEventListener('visibilitychange', onHidden);
  return () => {
    subscription.unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
    page?.removeEventListener('visibilitychange', onHidden);
  };
}
