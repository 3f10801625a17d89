import { importBackup, readSnapshot, type ImportSummary } from './backup';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupHeader, type BackupPhotoInfo, type ParsedBackup } from './backup-file';
import { checkBackupChange, checkCommunity, checkDoc, checkHeader, checkPhotoInfo, hashBlob } from './backup-read';
import { deviceId } from './clock';
import type { AsharDb } from './database';
import { SAFETY_COPY_RECORDS, type FileShelf } from './private-files';

// The safety copy: what this phone has not sent yet (the changes, the records they touch, and the
// files not uploaded, as in an "unsent" backup file), kept up to date outside IndexedDB. Chromium
// deletes an origin's whole IndexedDB when it finds it damaged on opening it (crbug.com/146284),
// as a phone switched off in the middle of a write can leave it: the records the server has come
// back by signing in, and the rest comes back from here, at the next start (restore-lost-work.ts).
// The records go in one file, written whole and swapped in; each photo in a file of its own,
// written once (its name holds its hash), so a new record does not write every photo again.

const photoFile = (photo: Pick<BackupPhotoInfo, 'id' | 'hash'>) => `photo-${photo.id}-${photo.hash}`;

/** The copy takes no photo that would leave the app's own database less room than this. */
export const KEEP_FREE_BYTES = 50 * 1024 * 1024;

/** How much more the browser lets this app store, or null when it does not say. */
async function freeBytesOfOrigin(): Promise<number | null> {
  try {
    const { usage, quota } = await navigator.storage.estimate();
    return usage === undefined || quota === undefined ? null : quota - usage;
  } catch {
    return null;
  }
}

export interface SafetyCopyOptions {
  now?: Date;
  /** See freeBytesOfOrigin (tests give their own). */
  freeBytes?: () => Promise<number | null>;
}

/**
 * Brings the safety copy up to date with what waits to be sent; removes it when nothing waits.
 * The copy shares the app's storage: a photo that would leave the database less than
 * KEEP_FREE_BYTES is left out of it (its record and change are still in).
 */
export async function writeSafetyCopy(db: AsharDb, shelf: FileShelf, appVersion: string, options: SafetyCopyOptions = {}): Promise<'written' | 'cleared'> {
  const now = options.now ?? new Date();
  const snapshot = await readSnapshot(db, 'unsynced');
  const present = await shelf.names();
  if (snapshot.changes.length === 0 && snapshot.photos.length === 0) {
    // The records first: a copy is never left listing a photo whose file is gone.
    await shelf.remove(SAFETY_COPY_RECORDS);
    for (const name of present) if (name !== SAFETY_COPY_RECORDS) await shelf.remove(name);
    return 'cleared';
  }
  let room = (await (options.freeBytes ?? freeBytesOfOrigin)()) ?? Infinity;
  const kept = snapshot.photos.filter((photo) => {
    if (present.includes(photoFile(photo))) return true;
    if (room - photo.blob.size < KEEP_FREE_BYTES) return false;
    room -= photo.blob.size;
    return true;
  });
  for (const photo of kept) if (!present.includes(photoFile(photo))) await shelf.write(photoFile(photo), photo.blob);
  const photos: BackupPhotoInfo[] = kept.map(({ id, collection, docId, hash, mime, size, width, height, createdAt, uploaded }) => ({
    id,
    collection,
    docId,
    hash,
    mime,
    size,
    ...(width ? { width } : {}),
    ...(height ? { height } : {}),
    createdAt,
    uploaded,
  }));
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    deviceId: await deviceId(db),
    appVersion,
    scope: 'unsynced',
    community: snapshot.community ? { id: snapshot.community.id, name: snapshot.community.name } : null,
    counts: {
      docs: snapshot.docs.length,
      changes: snapshot.changes.length,
      communities: snapshot.communities.length,
      photos: photos.length,
      photoBytes: photos.reduce((sum, photo) => sum + photo.size, 0),
    },
  };
  const body = { header, docs: snapshot.docs, changes: snapshot.changes, communities: snapshot.communities, photos };
  await shelf.write(SAFETY_COPY_RECORDS, new Blob([JSON.stringify(body)], { type: 'application/json' }));
  const listed = new Set(kept.map(photoFile));
  for (const name of present) if (name !== SAFETY_COPY_RECORDS && !listed.has(name)) await shelf.remove(name);
  return 'written';
}

/**
 * Brings the safety copy into this phone's database by the rules of a backup file (importBackup:
 * merged by the sync rule, the changes queued again under their own ids, the copy's community
 * chosen on a phone that has none); null when there is no copy. Everything is checked first, as a
 * file from elsewhere is; a photo whose file is missing or damaged is left out. Throws
 * BackupError when the copy cannot be read, changing nothing.
 */
export async function restoreSafetyCopy(db: AsharDb, shelf: FileShelf): Promise<ImportSummary | null> {
  const file = await shelf.read(SAFETY_COPY_RECORDS);
  if (!file) return null;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await file.text()) as Record<string, unknown>;
  } catch {
    throw new BackupError('damaged', 'safety copy is not JSON');
  }
  const list = (value: unknown): unknown[] => {
    if (!Array.isArray(value)) throw new BackupError('damaged', 'safety copy shape');
    return value;
  };
  const photos: ParsedBackup['photos'][number][] = [];
  for (const info of list(raw.photos).map(checkPhotoInfo)) {
    const stored = await shelf.read(photoFile(info));
    if (!stored || stored.size !== info.size || (await hashBlob(stored)) !== info.hash) continue;
    // Copied out of the file, which the next write may replace.
    photos.push({ ...info, blob: new Blob([await stored.arrayBuffer()], { type: info.mime }) });
  }
  const backup: ParsedBackup = {
    header: checkHeader(raw.header),
    docs: list(raw.docs).map(checkDoc),
    changes: list(raw.changes).map(checkBackupChange),
    communities: list(raw.communities).map(checkCommunity),
    photos,
  };
  return importBackup(db, backup);
}
