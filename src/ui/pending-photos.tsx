import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveWithFiles, type AttachableCollection, type NewFile } from '../db/attachments';
import { db } from '../db/instance';
import { isQuotaError } from './attachments';

/**
 * Photos of a record not saved yet: shrunk at once and kept with the form's draft (so a reload
 * keeps them too), stored with the record when it is saved.
 */
export function PendingPhotos({ photos, onChange }: { photos: NewFile[]; onChange: (photos: NewFile[]) => void }) {
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
    const added: NewFile[] = [];
    for (const file of files) {
      try {
        added.push(await shrinkToAttach(file));
      } catch (error) {
        setProblem(error instanceof UnreadableImage ? 'files.unreadable' : 'files.cannotStore');
      }
    }
    onChange([...photos, ...added]);
    setBusy(false);
  }

  return (
    <>
      {photos.length > 0 && (
        <ul className="file-list">
          {photos.map((photo, index) => (
            <li key={index} className="file-item">
              <img className="file-thumb" src={photo.thumb} alt="" width={64} height={64} />
              <span className="file-text">
                <span className="file-name">{tc('files.photo')}</span>
                <span className="file-status">{tc('files.withRecord')}</span>
              </span>
              <span className="file-actions">
                <button type="button" className="button button-danger-outline" onClick={() => onChange(photos.filter((_, i) => i !== index))}>
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
 * Saves a record with the photos picked before it was first saved, all in one transaction (see
 * `saveWithFiles`). When the photos do not fit (a full phone), the text is saved alone and the
 * problem is returned as a key of the common namespace: the text is never lost to a photo.
 */
export async function saveWithPendingPhotos(
  collection: AttachableCollection,
  writeRecord: () => Promise<string>,
  photos: readonly NewFile[],
): Promise<{ docId: string; photoProblem: string | null }> {
  try {
    return { docId: await saveWithFiles(db, collection, writeRecord, photos), photoProblem: null };
  } catch (error) {
    if (photos.length === 0) throw error;
    return { docId: await writeRecord(), photoProblem: isQuotaError(error) ? 'files.storageFull' : 'files.cannotStore' };
  }
}
