import { mergeDocs } from '../core/merge';
import { newId } from '../core/ids';
import { COLLECTIONS, localizedName, type Collection, type Community, type Language } from '../core/model';
import type { DocState } from '../core/protocol';
import { writeBackupFile, type BackupChange, type BackupHeader, type BackupScope, type ParsedBackup } from './backup-file';
import { hasCopy } from './attachments';
import { ofSavedRecords, unsentFiles } from './saved-files';
import { clockOffsetAt, deviceId, observeStamps, readClockCheck } from './clock';
import type { AsharDb, OutboxEntry, PhotoRecord } from './database';
import { fromLocalDoc, toLocalDoc } from './doc-state';
import { getMeta, setMeta } from './meta';
import { currentAuthor } from './docs';
import { communitiesReading, readByEveryone } from '../core/audience';
import { toChange } from './outbox';
import { readCurrentCommunityId, saveCurrentCommunityId } from './settings';
import { askPersistenceOnce } from './storage';

// Backup and transfer with no network: everything on this phone, or only what the server has not
// got yet, into one file that travels by Bluetooth, cable or messenger; and that file brought into
// another phone by the same rules as sync, so it can be brought in twice, or in any order with sync,
// and nothing newer is ever overwritten.

export { BackupError, type BackupHeader, type BackupProblem, type BackupScope, type ParsedBackup } from './backup-file';
export { readBackupFile } from './backup-read';

export interface BackupFile {
  blob: Blob;
  fileName: string;
  header: BackupHeader;
}

export interface Snapshot {
  docs: DocState[];
  changes: BackupChange[];
  communities: Community[];
  photos: PhotoRecord[];
  community: Community | null;
}

/**
 * Makes a backup file. `unsynced` takes the outbox's changes, the records they touch, and the
 * files not uploaded yet; `all` takes every record and every file kept here. The rows are read in
 * one transaction, so the file is one consistent moment of the phone.
 */
export async function exportBackup(db: AsharDb, options: { scope: BackupScope; appVersion: string; language: Language; now?: Date }): Promise<BackupFile> {
  const now = options.now ?? new Date();
  const device = await deviceId(db);
  const snapshot = await readSnapshot(db, options.scope);
  const { blob, header } = await writeBackupFile(
    {
      createdAt: now.toISOString(),
      deviceId: device,
      appVersion: options.appVersion,
      scope: options.scope,
      community: snapshot.community ? { id: snapshot.community.id, name: snapshot.community.name } : null,
    },
    {
      docs: snapshot.docs,
      changes: snapshot.changes,
      communities: snapshot.communities,
      photos: snapshot.photos.map(({ id, collection, docId, hash, mime, blob: photoBlob, size, width, height, createdAt, uploaded }) => ({
        id,
        collection,
        docId,
        hash,
        mime,
        blob: photoBlob,
        size,
        ...(width ? { width } : {}),
        ...(height ? { height } : {}),
        createdAt,
        uploaded,
      })),
    },
  );
  await setMeta(db, 'lastBackupAt', now.toISOString());
  const name = snapshot.community ? localizedName(snapshot.community.name, options.language) : null;
  return { blob, header, fileName: backupFileName(name, now) };
}

export function readSnapshot(db: AsharDb, scope: BackupScope): Promise<Snapshot> {
  return db.transaction('r', [...db.docTables, db.outbox, db.photos, db.meta, db.communities, db.parked], async () => {
    // On a phone passed between people, the work another person left unsent is theirs: it stays
    // here, hidden, until they sign in again, and goes into no one else's file.
    const author = await currentAuthor(db);
    const outbox = (await db.outbox.orderBy('seq').toArray()).filter((entry) => (entry.author ?? '') === author);
    const othersRecords = new Set((await db.parked.toArray()).filter((work) => work.collection).map((work) => work.key.split('/')[2]));
    const docs: DocState[] = [];
    for (const collection of COLLECTIONS) {
      const table = db.docs(collection);
      const rows =
        scope === 'all'
          ? await table.toArray()
          : await table.bulkGet([...new Set(outbox.filter((entry) => entry.collection === collection).map((entry) => entry.docId))]);
      for (const row of rows) if (row) docs.push(fromLocalDoc(collection, row));
    }
    // Photos kept for the form of a record not saved yet stay with their draft, which is not carried.
    const photos: PhotoRecord[] = [];
    const files = scope === 'all' ? await ofSavedRecords(db, await db.photos.toArray()) : await unsentFiles(db);
    photos.push(...files.filter((photo) => !othersRecords.has(photo.docId)));
    const currentId = await readCurrentCommunityId(db);
    const communityIds = new Set(docs.map((doc) => doc.fields.communityId).filter((id): id is string => typeof id === 'string'));
    if (currentId) communityIds.add(currentId);
    const communities = (await db.communities.bulkGet([...communityIds])).filter((row): row is Community => row !== undefined);
    return {
      docs,
      // A change the server refused goes too: another phone, signed in as someone allowed, may send it.
      changes: outbox.map((entry) => ({ ...toChange(entry), queuedAt: entry.queuedAt })),
      communities,
      photos,
      community: communities.find((community) => community.id === currentId) ?? null,
    };
  });
}

/** e.g. `ashar-backup-ак-сай-2026-11-23-1405.json`: whose, and when, readable in any file list. */
export function backupFileName(communityName: string | null, date: Date): string {
  const place = (communityName ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const two = (value: number) => String(value).padStart(2, '0');
  const stamp = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
  return `ashar-backup-${place ? `${place}-` : ''}${stamp}.json`;
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  photosAdded: number;
  /** Photos this phone already had (by content), so not stored twice. */
  photosKnown: number;
  /** Changes the other phone had not sent, now waiting here to be sent. */
  changesQueued: number;
  communitiesAdded: number;
  /** The file's community, chosen for this phone because it had none chosen yet. */
  communityChosen: string | null;
  /**
   * Records (with their changes and files) left out because they belong to communities this phone
   * does not work for, and those communities' ids: another community's private records never come
   * in through a file.
   */
  leftOut: number;
  leftOutCommunities: string[];
}

/**
 * Brings a checked backup file into this phone, all in one transaction (a full storage or any
 * failure leaves the phone as it was). Each record merges with the one here by the sync rule:
 * per field the newer clock stamp wins and a delete wins, so nothing newer here is overwritten
 * and a second import of the same file changes nothing. The other phone's unsent changes are
 * queued here under their own change ids: the server stores a change id once and acknowledges a
 * repeat without applying it, so both phones sending the same change is harmless.
 */
export async function importBackup(db: AsharDb, backup: ParsedBackup, nowMs = Date.now()): Promise<ImportSummary> {
  const summary: ImportSummary = {
    added: 0,
    updated: 0,
    unchanged: 0,
    photosAdded: 0,
    photosKnown: 0,
    changesQueued: 0,
    communitiesAdded: 0,
    communityChosen: null,
    leftOut: 0,
    leftOutCommunities: [],
  };
  const tables = [...db.docTables, db.outbox, db.photos, db.meta, db.communities];
  await db.transaction('rw', tables, async () => {
    const allowed = await keptFromFile(db, backup, summary);
    const written = await mergeRecords(db, allowed.docs, summary);
    for (const community of backup.communities) {
      if (await db.communities.get(community.id)) continue;
      await db.communities.add(community);
      summary.communitiesAdded += 1;
    }
    await addPhotos(db, allowed.photos, summary);
    const queued = await queueChanges(db, allowed.changes, summary);
    // This phone's next edits must sort after everything it now holds. A record left unchanged
    // holds nothing new to observe, so a file brought in twice leaves the clock alone too.
    const stamps = [...written.flatMap((doc) => Object.values(doc.versions)), ...queued.map((change) => change.hlc)];
    // The time by the last sync's correction, unless the date was set since (see clockOffsetAt).
    if (stamps.length > 0) await observeStamps(db, stamps, nowMs + (clockOffsetAt(await readClockCheck(db), nowMs) ?? 0));
    const fileCommunity = backup.header.community?.id;
    if (fileCommunity && !(await readCurrentCommunityId(db)) && (await db.communities.get(fileCommunity))) {
      await saveCurrentCommunityId(db, fileCommunity);
      summary.communityChosen = fileCommunity;
    }
  });
  if (summary.added + summary.updated + summary.changesQueued + summary.photosAdded > 0) void askPersistenceOnce(db);
  return summary;
}

/**
 * What of a file this phone may bring in: records of the communities it works for (its person's,
 * every one for a coordinator; signed out, the community chosen here, or for a fresh phone the
 * file's), records shared with them, and what everyone reads; with the changes and files of those
 * records. The rest is counted as left out.
 */
async function keptFromFile(db: AsharDb, backup: ParsedBackup, summary: ImportSummary): Promise<Pick<ParsedBackup, 'docs' | 'changes' | 'photos'>> {
  const mine = await workingCommunities(db, backup);
  const inFile = new Map(backup.docs.map((doc) => [doc.docId, doc]));
  const fieldsOf = async (collection: Collection, docId: string): Promise<Record<string, unknown> | undefined> =>
    inFile.get(docId)?.fields ?? ((await db.docs(collection).get(docId)) as Record<string, unknown> | undefined);
  const verdicts = new Map<string, boolean>();
  const mayKeep = async (collection: Collection, docId: string, fields?: Record<string, unknown>): Promise<boolean> => {
    if (verdicts.has(docId)) return verdicts.get(docId)!;
    const own = fields ?? (await fieldsOf(collection, docId)) ?? {};
    const event = typeof own.workshopId === 'string' ? await fieldsOf('workshops', own.workshopId) : undefined;
    const readers = [...communitiesReading(own), ...(event ? communitiesReading(event) : [])];
    const keep = mine === 'all' || readByEveryone(collection, own) || readers.some((id) => mine.has(id));
    verdicts.set(docId, keep);
    if (!keep) {
      summary.leftOut += 1;
      for (const id of [own.communityId].filter((id): id is string => typeof id === 'string')) {
        if (!summary.leftOutCommunities.includes(id)) summary.leftOutCommunities.push(id);
      }
    }
    return keep;
  };
  const docs: DocState[] = [];
  for (const doc of backup.docs) if (await mayKeep(doc.collection, doc.docId, doc.fields)) docs.push(doc);
  const changes: BackupChange[] = [];
  for (const change of backup.changes) {
    if (await mayKeep(change.collection, change.docId, inFile.has(change.docId) ? undefined : change.set)) changes.push(change);
  }
  const kept = new Set([...docs.map((doc) => doc.docId), ...changes.map((change) => change.docId)]);
  return { docs, changes, photos: backup.photos.filter((photo) => kept.has(photo.docId)) };
}

async function workingCommunities(db: AsharDb, backup: ParsedBackup): Promise<Set<string> | 'all'> {
  const session = await getMeta<{ user: { role: string; communityIds: string[] } } | null>(db, 'session');
  if (session) return session.user.role === 'coordinator' || session.user.role === 'admin' ? 'all' : new Set(session.user.communityIds);
  const current = await readCurrentCommunityId(db);
  if (current) return new Set([current]);
  return new Set(backup.header.community ? [backup.header.community.id] : []);
}

/** Merges each record into this phone's copy; returns the rows written. */
async function mergeRecords(db: AsharDb, docs: readonly DocState[], summary: ImportSummary): Promise<DocState[]> {
  const written: DocState[] = [];
  const byCollection = new Map<Collection, DocState[]>();
  for (const doc of docs) byCollection.set(doc.collection, [...(byCollection.get(doc.collection) ?? []), doc]);
  for (const [collection, incoming] of byCollection) {
    const table = db.docs(collection);
    const rows = await table.bulkGet(incoming.map((doc) => doc.docId));
    const writes: DocState[] = [];
    incoming.forEach((doc, index) => {
      const row = rows[index];
      if (!row) {
        writes.push(doc);
        summary.added += 1;
        return;
      }
      const local = fromLocalDoc(collection, row);
      const merged = mergeDocs(local, doc);
      if (sameState(local, merged)) {
        summary.unchanged += 1;
      } else {
        writes.push(merged);
        summary.updated += 1;
      }
    });
    if (writes.length > 0) await table.bulkPut(writes.map((doc) => toLocalDoc(doc)));
    written.push(...writes);
  }
  return written;
}

/** The merge only ever adds or raises stamps, so equal stamps and tombstone mean nothing changed. */
function sameState(before: DocState, after: DocState): boolean {
  return before.deleted === after.deleted && Object.entries(after.versions).every(([field, stamp]) => before.versions[field] === stamp);
}

async function addPhotos(db: AsharDb, photos: ParsedBackup['photos'], summary: ImportSummary): Promise<void> {
  for (const photo of photos) {
    if (await hasCopy(db, photo.hash, photo.docId)) {
      summary.photosKnown += 1;
      continue;
    }
    const id = (await db.photos.get(photo.id)) ? newId() : photo.id;
    // A file the other phone had not uploaded waits here for upload; one it had is already there.
    await db.photos.add({ ...photo, id });
    summary.photosAdded += 1;
  }
}

/** Queues the changes this phone does not hold yet; returns them. */
async function queueChanges(db: AsharDb, changes: readonly BackupChange[], summary: ImportSummary): Promise<OutboxEntry[]> {
  const queued: OutboxEntry[] = [];
  for (const change of changes) {
    if ((await db.outbox.where('changeId').equals(change.id).count()) > 0) continue;
    const entry: OutboxEntry = {
      changeId: change.id,
      collection: change.collection,
      docId: change.docId,
      hlc: change.hlc,
      ...(change.deleted ? { deleted: true as const } : { set: change.set ?? {} }),
      // Kept as made, so the health screen still tells how long this work has waited.
      queuedAt: change.queuedAt,
      ...(change.base ? { base: change.base } : {}),
      // Sent by whoever brings the file in (or, signed out, by the next person to sign in).
      author: await currentAuthor(db),
    };
    await db.outbox.add(entry);
    queued.push(entry);
  }
  summary.changesQueued = queued.length;
  return queued;
}
