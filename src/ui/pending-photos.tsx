import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from '../i18n/use-translation';
import type { Attachment } from '../core/model';
import { copyPendingFiles, dropPendingFiles, keepPendingFile, saveWithFiles, type AttachableCollection, type NewFile } from '../db/attachments';
import { db } from '../db/instance';
import { isQuotaError } from '../db/storage';

/**
 * A photo of a record not saved yet, as its form's draft lists it. Stored on the phone when picked
 * (`keepPendingFile`); a draft written by an older version of the app may still hold the bytes
 * themselves (a `NewFile`), which are stored when the record is saved.
 */
export type PendingPhoto = Attachment | NewFile;

const isKept = (photo: PendingPhoto): photo is Attachment => 'hash' in photo && typeof photo.hash === 'string';

/**
 * Photos of a record not saved yet: shrunk and stored at once under the id the record will have,
 * listed in the form's draft (so a reload keeps them too), and listed on the record when it is
 * saved. On a full phone the photo is refused here, with a message, and nothing typed is lost.
 */
export function PendingPhotos({
  owner,
  photos,
  onChange,
}: {
  owner: { collection: AttachableCollection; docId: string };
  photos: PendingPhoto[];
  onChange: (photos: PendingPhoto[]) => void;
}) {
  const { t: tc } = useTranslation();
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function onPick(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length === 0) return;
    setBusy(true);
    setProblem(null);
    const { shrinkToAttach, UnreadableImage } = await import('../media/shrink');
    const added: Attachment[] = [];
    for (const file of files) {
      try {
        const kept = await keepPendingFile(db, owner.collection, owner.docId, await shrinkToAttach(file));
        if (![...photos, ...added].some((photo) => isKept(photo) && photo.hash === kept.hash)) added.push(kept);
      } catch (error) {
        setProblem(error instanceof UnreadableImage ? 'files.unreadable' : isQuotaError(error) ? 'files.storageFullPick' : 'files.cannotStore');
      }
    }
    if (added.length > 0) onChange([...photos, ...added]);
    setBusy(false);
  }

  async function onRemove(index: number) {
    const photo = photos[index]!;
    onChange(photos.filter((_, i) => i !== index));
    if (isKept(photo)) await dropPendingFiles(db, owner.collection, owner.docId, photo.hash);
  }

  return (
    <>
      {photos.length > 0 && (
        <ul className="file-list">
          {photos.map((photo, index) => (
            <li key={isKept(photo) ? photo.hash : index} className="file-item">
              <img className="file-thumb" src={photo.thumb} alt="" width={64} height={64} />
              <span className="file-text">
                <span className="file-name">{tc('files.photo')}</span>
                <span className="file-status">{tc('files.withRecord')}</span>
              </span>
              <span className="file-actions">
                <button type="button" className="button button-danger-outline" onClick={() => void onRemove(index)}>
                  {tc('files.removeShort')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={inputId} className="button file-picker">
          {busy ? tc('files.adding') : tc('files.addPhoto')}
        </label>
        <input id={inputId} className="visually-hidden" type="file" accept="image/*" multiple onChange={onPick} disabled={busy} />
        {problem && (
          <p className="field-error" role="alert">
            {tc(problem)}
          </p>
        )}
      </div>
    </>
  );
}

/**
 * Saves a record and lists on it the photos picked before it was first saved, all in one
 * transaction (see `saveWithFiles`). Those photos are on the phone already, so a full phone does
 * not stop the save. Only photos a draft from an older version still holds as bytes are stored
 * now; when they do not fit, the record is saved without them and the problem is returned as a key
 * of the common namespace: the text is never lost to a photo.
 */
export async function saveWithPendingPhotos(
  collection: AttachableCollection,
  docId: string,
  writeRecord: () => Promise<string>,
  photos: readonly PendingPhoto[],
): Promise<{ docId: string; photoProblem: string | null }> {
  const kept: Attachment[] = [];
  let photoProblem: string | null = null;
  for (const photo of photos) {
    if (isKept(photo)) {
      kept.push(photo);
      continue;
    }
    try {
      kept.push(await keepPendingFile(db, collection, docId, photo));
    } catch (error) {
      photoProblem = isQuotaError(error) ? 'files.storageFull' : 'files.cannotStore';
    }
  }
  return { docId: await saveWithFiles(db, collection, writeRecord, kept), photoProblem };
}

/** When a new record's form is thrown away: its kept photos go with it. */
export function dropFormPhotos(collection: AttachableCollection, docId: string): Promise<void> {
  return dropPendingFiles(db, collection, docId);
}

/** A new record's form takes another id (see `useRecordForm`): its kept photos are kept under that one too. */
export function keepPhotosUnder(collection: AttachableCollection, fromId: string, toId: string, photos: readonly PendingPhoto[]): Promise<void> {
  const hashes = photos.filter(isKept).map((photo) => photo.hash);
  return hashes.length === 0 ? Promise.resolve() : copyPendingFiles(db, collection, fromId, toId, hashes);
}
