import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/use-translation';
import type { Attachment } from '../core/model';
import type { AttachableCollection } from '../db/attachments';
import type { PhotoRecord } from '../db/database';
import { db } from '../db/instance';
import { FileNotThereYet, fetchAttachment, localFile } from '../sync/download';
import { readSession } from '../sync/session';
import { SignInNeeded } from '../sync/transport';
import { useLocalFiles, useObjectUrl } from './attachments';

interface Owner {
  collection: AttachableCollection;
  docId: string;
}

/** Why a photo's full file is not here: a translation key of `common`, or 'fetching' while it comes. */
type Missing = Map<string, string>;

/**
 * The full files of photos this phone does not have yet (taken on another phone), fetched when the
 * report is opened: a printed report is the evidence a donor asks for, and a 160 px thumbnail of a
 * paper attendance sheet cannot be read. One at a time, so a slow link finishes one before the next.
 */
function useFetchedFull(owner: Owner, photos: readonly Attachment[]): Missing {
  const [missing, setMissing] = useState<Missing>(new Map());
  // The photos by hash: the attachment list itself is a new array on every render.
  const key = photos.map((photo) => photo.hash).join(',');
  useEffect(() => {
    if (!key) return undefined;
    let cancelled = false;
    const mark = (hash: string, reason: string | null) =>
      !cancelled &&
      setMissing((current) => {
        const next = new Map(current);
        if (reason) next.set(hash, reason);
        else next.delete(hash);
        return next;
      });
    void (async () => {
      const absent: Attachment[] = [];
      for (const photo of photos) if (!(await localFile(db, photo.hash))) absent.push(photo);
      for (const photo of absent) mark(photo.hash, 'fetching');
      const session = absent.length > 0 ? await readSession(db) : null;
      for (const photo of absent) {
        if (cancelled) return;
        try {
          if (!session) throw new SignInNeeded();
          // Kept on the phone: the live query of local files then shows it.
          await fetchAttachment(db, session.token, owner, photo);
          mark(photo.hash, null);
        } catch (error) {
          mark(photo.hash, error instanceof FileNotThereYet ? 'files.notThereYet' : error instanceof SignInNeeded ? 'files.signInToOpen' : 'files.cannotOpen');
        }
      }
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names exactly these photos
  }, [key, owner.collection, owner.docId]);
  return missing;
}

function PrintPhoto({
  attachment,
  local,
  missing,
  caption,
}: {
  attachment: Attachment;
  local: PhotoRecord | undefined;
  missing: string | undefined;
  caption: string;
}) {
  const { t } = useTranslation();
  const fullUrl = useObjectUrl(local?.blob);
  const src = fullUrl ?? attachment.thumb;
  return (
    <figure className="print-photo" data-testid="print-photo" data-full={fullUrl ? 'yes' : 'no'}>
      {src && <img src={src} alt={caption} {...(attachment.width && attachment.height ? { width: attachment.width, height: attachment.height } : {})} />}
      <figcaption>
        {caption}
        {!fullUrl && missing && (
          <span
            className={missing === 'fetching' ? 'print-photo-note' : 'print-photo-note print-photo-problem'}
            role={missing === 'fetching' ? 'status' : 'alert'}
          >
            {missing === 'fetching' ? t('files.fetchingFull') : `${t('files.smallOnly')} ${t(missing)}`}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

/**
 * Every photo of a record, each whole (never cropped) and as large as an A4 page allows, one per
 * page at most and never split across two: the full-size file from the phone, fetched now when it
 * was taken on another phone. Where only the thumbnail can be had, the page says so.
 */
export function PrintPhotos({ owner, attachments, title }: { owner: Owner; attachments: readonly Attachment[]; title: string }) {
  const { t } = useTranslation();
  const photos = attachments.filter((attachment) => attachment.mime !== 'application/pdf');
  const local = useLocalFiles(photos, owner.docId);
  const missing = useFetchedFull(owner, photos);
  if (photos.length === 0) return null;
  return (
    <section className="print-photos">
      <h2>{title}</h2>
      {photos.map((photo, index) => (
        <PrintPhoto
          key={photo.hash}
          attachment={photo}
          local={local?.get(photo.hash)}
          missing={missing.get(photo.hash)}
          caption={[t('files.photoNumber', { number: index + 1, total: photos.length }), photo.name].filter(Boolean).join(' · ')}
        />
      ))}
    </section>
  );
}
