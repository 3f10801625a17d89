import { useCallback, useState, type FormEvent } from 'react';
import type { GenericSchema, InferOutput } from 'valibot';
import type { Attachment } from '../../core/model';
import { validate, type FieldErrors } from '../../core/validation';
import type { AttachableCollection } from '../../db/attachments';
import { focusFirstInvalid } from '../field';
import { dropFormPhotos, keepPhotosUnder, saveWithPendingPhotos, type PendingPhoto } from '../pending-photos';
import { RecordTaken } from '../../db/docs';
import { newId } from '../../core/ids';
import { useFormDraft, type FormDraftState } from './use-form-draft';

type FormValues = Record<string, unknown>;

/** The values of a form whose photos are picked before the record is first saved. */
export type WithPendingPhotos = {
  pendingPhotos: PendingPhoto[];
  /** The id the record has, or will have once saved: its photos are kept under it meanwhile. */
  recordId: string;
};

export interface RecordFormOptions<V extends FormValues, S extends GenericSchema> {
  /** Where the draft is kept: one key per record, or per "new" form. */
  draftKey: string;
  /** The values to start from; undefined while they are still being read. */
  initial: V | undefined;
  schema: S;
  /**
   * Writes the record from the checked values, clearing the draft (`draftKey`) in the same
   * transaction, so a record is never saved while its draft survives to be saved twice.
   */
  write: (value: InferOutput<S>, values: V) => Promise<unknown>;
  /** Called once the record is on the phone; `photoProblem` says when a photo could not be kept. */
  onSaved: (outcome: { photoProblem: string | null; values: V }) => void;
  /**
   * A record with photos (values with `pendingPhotos` and `recordId`): they are listed on it in
   * the save's transaction, and thrown away with a new record's form.
   */
  photos?: { collection: AttachableCollection; isNew: boolean };
  /** A save also waits for this (e.g. a community to save into). */
  ready?: boolean;
}

export interface RecordForm<V extends FormValues> extends FormDraftState<V> {
  /** One message key per field that needs fixing, after a refused save. */
  errors: FieldErrors;
  saving: boolean;
  submit: (event: FormEvent) => Promise<void>;
  /** Throws away the draft (and a new record's photos): the form was cancelled. */
  cancel: () => Promise<void>;
  /** Value, change handler and error of one field, to spread onto a field component. */
  field: <K extends keyof V & string>(name: K) => { value: V[K]; onChange: (value: V[K]) => void; error: string | undefined };
  /** For a record with photos: what `PhotosField` needs, given the saved record's own files. */
  photoField: (attachments: readonly Attachment[] | undefined) => PhotoFieldBinding;
}

export interface PhotoFieldBinding {
  collection: AttachableCollection;
  docId: string;
  isNew: boolean;
  pending: PendingPhoto[];
  onPendingChange: (photos: PendingPhoto[]) => void;
  attachments: readonly Attachment[];
}

/**
 * Everything a record form does besides its own fields: the draft that survives a reload, a
 * closed tab or an update (see `useFormDraft`); checking the values, with focus on the first field
 * to fix; saving once, with the photos picked before the first save; saying why a save failed
 * (a full phone) while keeping every value; and cancelling. Render it with `RecordFormFrame`.
 */
export function useRecordForm<V extends FormValues, S extends GenericSchema>(options: RecordFormOptions<V, S>): RecordForm<V> {
  const { draftKey, initial, schema, write, onSaved, photos, ready = true } = options;
  const draft = useFormDraft<V>(draftKey, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const { values, update } = draft;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!values || saving || !ready) return;
    const result = validate(schema, values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setSaving(true);
    draft.holdForSave();
    try {
      let saved = values;
      let photoProblem: string | null;
      try {
        photoProblem = await saveAs(result.value, saved);
      } catch (error) {
        // A new record whose id is taken: its draft was shared with another tab on the same new
        // form, which saved first (or an older version of the app left the draft behind). What is
        // typed here is a record of its own: it takes a new id, and nothing is written over.
        if (!(error instanceof RecordTaken) || typeof saved.recordId !== 'string') throw error;
        saved = await underNewId(saved);
        update({ recordId: saved.recordId } as unknown as Partial<V>);
        photoProblem = await saveAs(result.value, saved);
      }
      draft.markSaved();
      onSaved({ photoProblem, values: saved });
    } catch (error) {
      draft.saveFailed(error);
    } finally {
      setSaving(false);
    }
  }

  async function saveAs(value: InferOutput<S>, values: V): Promise<string | null> {
    if (!photos) {
      await write(value, values);
      return null;
    }
    const { pendingPhotos, recordId } = values as unknown as WithPendingPhotos;
    const saveRecord = async () => {
      await write(value, values);
      return recordId;
    };
    return (await saveWithPendingPhotos(photos.collection, recordId, saveRecord, pendingPhotos)).photoProblem;
  }

  async function underNewId(values: V): Promise<V> {
    const { pendingPhotos = [], recordId } = values as unknown as Partial<WithPendingPhotos> & { recordId: string };
    const fresh = newId();
    if (photos) await keepPhotosUnder(photos.collection, recordId, fresh, pendingPhotos);
    return { ...values, recordId: fresh };
  }

  async function cancel() {
    await draft.discard();
    if (photos?.isNew && values) await dropFormPhotos(photos.collection, (values as unknown as WithPendingPhotos).recordId);
  }

  const field = useCallback(
    <K extends keyof V & string>(name: K) => ({
      value: (values as V)[name],
      onChange: (value: V[K]) => update({ [name]: value } as unknown as Partial<V>),
      error: errors[name],
    }),
    [values, update, errors],
  );

  const photoField = (attachments: readonly Attachment[] | undefined): PhotoFieldBinding => {
    if (!photos) throw new Error(`the form ${draftKey} keeps no photos`);
    const { pendingPhotos, recordId } = values as unknown as WithPendingPhotos;
    return {
      collection: photos.collection,
      docId: recordId,
      isNew: photos.isNew,
      pending: pendingPhotos,
      onPendingChange: (pending) => update({ pendingPhotos: pending } as unknown as Partial<V>),
      attachments: attachments ?? [],
    };
  };

  return { ...draft, errors, saving, submit, cancel, field, photoField };
}
