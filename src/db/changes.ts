import { liveQuery } from 'dexie';

/**
 * Calls `changed` after each change to what `read` reads, in this page or another of the app's
 * (Dexie's live queries), but not for its first answer: what is there now.
 */
export function afterEachChange(read: () => Promise<unknown>, changed: () => void): void {
  let first = true;
  liveQuery(read).subscribe(() => {
    if (first) first = false;
    else changed();
  });
}
