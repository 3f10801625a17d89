import type { AsharDb } from '../db/database';
import { forgetHint, readHint, writeHint } from '../db/hints';
import { privateShelf, SAFETY_COPY_RECORDS } from '../db/private-files';

const RESTORED_KEY = 'ashar.restored';

/** What the safety copy brought back after the browser had deleted the database, to be said once. */
export interface Restored {
  at: string;
  changes: number;
  photos: number;
}

/**
 * Called at start on a phone whose database has no community chosen: when a safety copy is kept
 * (safety-copy.ts), the database was deleted under the app with work not sent yet, so that work is
 * brought back from the copy before anything is shown. True when it was. Its failure leaves the
 * start as it was (the welcome screen then says the data was lost).
 */
export async function restoreLostWork(db: AsharDb): Promise<boolean> {
  try {
    const shelf = await privateShelf();
    if (!shelf || !(await shelf.read(SAFETY_COPY_RECORDS))) return false;
    const { restoreSafetyCopy } = await import('../db/safety-copy');
    const summary = await restoreSafetyCopy(db, shelf);
    if (!summary) return false;
    const restored: Restored = { at: new Date().toISOString(), changes: summary.changesQueued, photos: summary.photosAdded };
    writeHint(RESTORED_KEY, JSON.stringify(restored));
    return true;
  } catch (error) {
    console.error('The safety copy could not be brought back', error);
    return false;
  }
}

/** What the last restore brought back, until the person has read it. */
export function readRestored(): Restored | null {
  try {
    const value = JSON.parse(readHint(RESTORED_KEY) ?? 'null') as Restored | null;
    return value && typeof value.changes === 'number' && typeof value.photos === 'number' ? value : null;
  } catch {
    return null;
  }
}

export function forgetRestored(): void {
  forgetHint(RESTORED_KEY);
}
