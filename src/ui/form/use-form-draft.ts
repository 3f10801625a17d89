import { useCallback, useEffect, useRef, useState } from 'react';
import { db } from '../../db/instance';
import { discardDraft, readDraft, saveDraft } from '../../db/drafts';
import { isQuotaError } from '../../db/storage';
import { useUnsavedGuard } from '../unsaved-store';

const SAVE_DELAY_MS = 250;

export interface FormDraftState<T> {
  /** undefined until the stored draft (if any) has been read. */
  values: T | undefined;
  /** True when the values came back from a draft left by an earlier visit. */
  restored: boolean;
  dirty: boolean;
  update: (patch: Partial<T>) => void;
  discard: () => Promise<void>;
  /**
   * Call as a save starts: what is typed so far is written at once, ahead of the save's own
   * transaction, and nothing more until `markSaved` or `saveFailed`.
   */
  holdForSave: () => void;
  /** Call after the record is saved (with the draft cleared in the same transaction). */
  markSaved: () => void;
  /**
   * Why what is typed is not safe, as a key of the common namespace: the draft could not be written
   * (a full phone), or saving failed. Null when all is well. Shown by `FormProblem`.
   */
  problem: string | null;
  /** Call when saving the record failed: the form keeps its values (and its draft) and says why. */
  saveFailed: (error: unknown) => void;
}

/**
 * Form values that survive a reload, a closed tab or an app update: every change is written to the
 * drafts table shortly after typing stops, and at once when the page is hidden.
 */
export function useFormDraft<T extends Record<string, unknown>>(key: string, initial: T | undefined): FormDraftState<T> {
  const [values, setValues] = useState<T | undefined>(undefined);
  const [restored, setRestored] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pending = useRef<T | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // True while a save runs. The save clears the draft in its transaction; a draft written after
  // that (the typing pause's timer, the page being hidden) would outlive the saved record, and the
  // next "new" form would open it, with the saved record's id, and save over that record.
  const saving = useRef(false);

  useEffect(() => {
    if (initial === undefined) return undefined;
    let cancelled = false;
    void readDraft(db, key).then((draft) => {
      if (cancelled) return;
      if (draft) {
        setValues({ ...initial, ...(draft.values as Partial<T>) });
        setRestored(true);
        setDirty(true);
      } else {
        setValues(initial);
      }
    });
    return () => {
      cancelled = true;
    };
    // The initial values are read once per key: later renders must not overwrite what is typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, initial === undefined]);

  // Writes what was typed since the last write. `clearProblem`: a draft that could not be written
  // before is safe now, and the form stops saying otherwise.
  const writePending = useCallback(
    (clearProblem: boolean) => {
      clearTimeout(timer.current);
      if (saving.current) return;
      const next = pending.current;
      pending.current = null;
      if (!next) return;
      saveDraft(db, key, next).then(
        () => clearProblem && setProblem(null),
        (error: unknown) => setProblem(isQuotaError(error) ? 'form.storageFullDraft' : 'form.cannotKeepDraft'),
      );
    },
    [key],
  );
  const flush = useCallback(() => writePending(true), [writePending]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  const update = useCallback(
    (patch: Partial<T>) => {
      setValues((current) => {
        const next = { ...(current as T), ...patch };
        pending.current = next;
        clearTimeout(timer.current);
        timer.current = setTimeout(flush, SAVE_DELAY_MS);
        return next;
      });
      setDirty(true);
    },
    [flush],
  );

  const discard = useCallback(async () => {
    clearTimeout(timer.current);
    pending.current = null;
    await discardDraft(db, key);
    setDirty(false);
  }, [key]);

  const holdForSave = useCallback(() => {
    flush();
    saving.current = true;
  }, [flush]);

  const markSaved = useCallback(() => {
    clearTimeout(timer.current);
    saving.current = false;
    pending.current = null;
    setDirty(false);
    setProblem(null);
  }, []);

  const saveFailed = useCallback(
    (error: unknown) => {
      console.error(error);
      // The record was not saved: the draft keeps what was typed, during the save too.
      saving.current = false;
      writePending(false);
      setProblem(isQuotaError(error) ? 'form.storageFullSave' : 'form.cannotSave');
    },
    [writePending],
  );

  useUnsavedGuard(key, dirty);
  return { values, restored, dirty, update, discard, holdForSave, markSaved, problem, saveFailed };
}
