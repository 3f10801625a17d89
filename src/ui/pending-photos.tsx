import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { attachFile, type AttachableCollection, type NewFile } from '../db/attachments';
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
 * Stores a saved record's pending photos one by one, after its text. A photo that does not fit on a
 * full phone is reported (as a key in the common namespace) and the record stays saved.
 */
export async function storePendingPhotos(collection: AttachableCollection, docId: string, photos: readonly NewFile[]): Promise<string | null> {
  for (const photo of photos) {
    try {
      await attachFile(db, collection, docId, photo);
    } catch (error) {
      return isQuotaError(error) ? 'files.storageFull' : 'files.cannotStore';
    }
  }
  return null;
}
