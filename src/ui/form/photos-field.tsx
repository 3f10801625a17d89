import type { ReactNode } from 'react';
import { AttachmentList, AttachmentPicker } from '../attachments';
import { PendingPhotos } from '../pending-photos';
import type { PhotoFieldBinding } from './use-record-form';

/** From `form.photoField(…)`: the record (or the id it will have), and its photos before and after its first save. */
interface PhotosFieldProps extends PhotoFieldBinding {
  legend: string;
  hint?: string;
  acceptPdf?: boolean;
  /** Shown under the picker of a record not saved yet. */
  newNote?: ReactNode;
  className?: string;
}

/**
 * A record's photos (and files) in its form: before the first save they are kept at once under
 * the id the record will have and listed in the draft; afterwards they are the record's own.
 */
export function PhotosField({
  legend,
  hint,
  collection,
  docId,
  isNew,
  pending,
  onPendingChange,
  attachments,
  acceptPdf = false,
  newNote,
  className = 'field',
}: PhotosFieldProps) {
  const owner = { collection, docId };
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      {isNew ? (
        <>
          <PendingPhotos owner={owner} photos={pending} onChange={onPendingChange} />
          {newNote}
        </>
      ) : (
        <>
          <AttachmentList owner={owner} attachments={attachments} editable />
          <AttachmentPicker owner={owner} acceptPdf={acceptPdf} />
        </>
      )}
    </fieldset>
  );
}
