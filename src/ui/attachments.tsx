import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from '../i18n/use-translation';
import { MAX_BLOB_BYTES } from '../core/protocol-basics';
import { isQuotaError } from '../db/storage';
import type { Attachment } from '../core/model';
import { attachFile, detachFile, type AttachableCollection } from '../db/attachments';
import type { PhotoRecord } from '../db/database';
import { db } from '../db/instance';
import { FileNotThereYet, fetchAttachment } from '../sync/download';
import { readSession } from '../sync/session';
import { SignInNeeded } from '../sync/transport';

interface Owner {
  collection: AttachableCollection;
  docId: string;
}

/**
 * The phone's own copies of these files, by hash, with their upload state: this record's own copy
 * when it has one (the same photo may be kept for another record too).
 */
export function useLocalFiles(attachments: readonly Attachment[], docId: string): Map<string, PhotoRecord> | undefined {
  const hashes = attachments.map((item) => item.hash);
  return useLiveQuery(async () => {
    const files = new Map<string, PhotoRecord>();
    for (const photo of await db.photos.where('hash').anyOf(hashes).toArray()) {
      if (!files.has(photo.hash) || photo.docId === docId) files.set(photo.hash, photo);
    }
    return files;
  }, [hashes.join(','), docId]);
}

// One object URL per stored file for the life of the page: a handful of photos, opened by hand.
const objectUrls = new WeakMap<Blob, string>();

export function useObjectUrl(blob: Blob | undefined): string | undefined {
  if (!blob) return undefined;
  let url = objectUrls.get(blob);
  if (!url) {
    url = URL.createObjectURL(blob);
    objectUrls.set(blob, url);
  }
  return url;
}

function FileStatus({ local }: { local: PhotoRecord | undefined }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation('sync');
  if (!local) return null;
  if (local.uploaded === 1) return <span className="file-status file-status-done">{t('files.sent')}</span>;
  return (
    <span className={local.uploadProblem ? 'file-status file-status-problem' : 'file-status'}>
      {local.uploadProblem ? ts(local.uploadProblem) : t('files.waiting')}
    </span>
  );
}

function FileItem({ owner, attachment, local, onRemove }: { owner: Owner; attachment: Attachment; local: PhotoRecord | undefined; onRemove?: () => void }) {
  const { t } = useTranslation();
  const localUrl = useObjectUrl(local?.blob);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const isPdf = attachment.mime === 'application/pdf';
  const label = attachment.name ?? (isPdf ? t('files.document') : t('files.photo'));

  async function open() {
    setProblem(null);
    if (localUrl) {
      window.open(localUrl, '_blank', 'noopener');
      return;
    }
    setLoading(true);
    try {
      const session = await readSession(db);
      if (!session) {
        setProblem('files.signInToOpen');
        return;
      }
      // Fetched only now, when someone asks for it: pictures cost data.
      await fetchAttachment(db, session.token, owner, attachment);
    } catch (error) {
      setProblem(error instanceof FileNotThereYet ? 'files.notThereYet' : error instanceof SignInNeeded ? 'files.signInToOpen' : 'files.cannotOpen');
    } finally {
      setLoading(false);
    }
  }

  return (
    <li className="file-item">
      {isPdf ? (
        <span className="file-icon" aria-hidden="true">
          PDF
        </span>
      ) : (
        <img className="file-thumb" src={localUrl ?? attachment.thumb} alt="" width={64} height={64} />
      )}
      <span className="file-text">
        <span className="file-name">{label}</span>
        <FileStatus local={local} />
        {problem && (
          <span className="file-status file-status-problem" role="alert">
            {t(problem)}
          </span>
        )}
      </span>
      <span className="file-actions">
        <button type="button" className="button" onClick={open} disabled={loading}>
          {localUrl ? t('files.open') : t('files.download')}
        </button>
        {onRemove && (
          <button type="button" className="button button-danger-outline" onClick={onRemove} aria-label={t('files.remove', { name: label })}>
            {t('files.removeShort')}
          </button>
        )}
      </span>
    </li>
  );
}

/** Files of a record, each with its state; full pictures are fetched only when opened. */
export function AttachmentList({ owner, attachments, editable = false }: { owner: Owner; attachments: readonly Attachment[]; editable?: boolean }) {
  const local = useLocalFiles(attachments, owner.docId);
  if (attachments.length === 0) return null;
  return (
    <ul className="file-list">
      {attachments.map((attachment) => (
        <FileItem
          key={attachment.hash}
          owner={owner}
          attachment={attachment}
          local={local?.get(attachment.hash)}
          {...(editable ? { onRemove: () => void detachFile(db, owner.collection, owner.docId, attachment.hash) } : {})}
        />
      ))}
    </ul>
  );
}

/**
 * Adds photos (shrunk on the phone first) and PDF documents to a saved record. A file that cannot
 * be stored says why; the record's text is already saved and stays so.
 */
export function AttachmentPicker({ owner, acceptPdf }: { owner: Owner; acceptPdf: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function onPick(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length === 0) return;
    setBusy(true);
    setProblem(null);
    try {
      for (const file of files) {
        const outcome = await addOne(owner, file, acceptPdf);
        if (outcome) {
          setProblem(outcome);
          break;
        }
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="field">
      <label htmlFor={id} className="button file-picker">
        {busy ? t('files.adding') : acceptPdf ? t('files.addPhotoOrPdf') : t('files.addPhoto')}
      </label>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        multiple
        accept={acceptPdf ? 'image/*,application/pdf' : 'image/*'}
        onChange={onPick}
        disabled={busy}
      />
      {problem && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
    </div>
  );
}

/** Stores one picked file; returns a translation key when it could not. */
async function addOne(owner: Owner, file: File, acceptPdf: boolean): Promise<string | null> {
  try {
    if (file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf')) {
      if (!acceptPdf) return 'files.wrongType';
      if (file.size > MAX_BLOB_BYTES) return 'files.tooLarge';
      const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
      if (String.fromCharCode(...head) !== '%PDF-') return 'files.wrongType';
      await attachFile(db, owner.collection, owner.docId, { blob: file, mime: 'application/pdf', name: file.name.slice(0, 200) });
      return null;
    }
    // The image code is loaded only when someone adds a photo.
    const { shrinkToAttach, UnreadableImage } = await import('../media/shrink');
    try {
      await attachFile(db, owner.collection, owner.docId, await shrinkToAttach(file));
      return null;
    } catch (error) {
      if (error instanceof UnreadableImage) return 'files.unreadable';
      throw error;
    }
  } catch (error) {
    return isQuotaError(error) ? 'files.storageFull' : 'files.cannotStore';
  }
}
