import type { AsharDb, PhotoRecord } from './database';

// Which stored files belong to a saved record. Apart from attachments.ts, so the sync engine can
// ask without bringing hashing into the app shell.

/** The files whose record is saved on this phone (not those kept for a form not saved yet), in order. */
export async function ofSavedRecords(db: AsharDb, files: readonly PhotoRecord[]): Promise<PhotoRecord[]> {
  const saved = new Set<string>();
  for (const collection of new Set(files.map((file) => file.collection))) {
    const ids = [...new Set(files.filter((file) => file.collection === collection).map((file) => file.docId))];
    const rows = await db.docs(collection).bulkGet(ids);
    ids.forEach((id, index) => {
      if (rows[index]) saved.add(`${collection}/${id}`);
    });
  }
  return files.filter((file) => saved.has(`${file.collection}/${file.docId}`));
}

/**
 * The files not sent yet whose record is saved: what waits to be sent. Photos kept for the form of
 * a record not saved yet are not among them (they wait with their draft). Read inside a
 * transaction over the photos and every record table, or outside one.
 */
export async function unsentFiles(db: AsharDb): Promise<PhotoRecord[]> {
  return ofSavedRecords(db, await db.photos.where('uploaded').equals(0).toArray());
}
