import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { RecordForm } from './use-record-form';

interface RecordFormFrameProps {
  form: Pick<RecordForm<Record<string, unknown>>, 'restored' | 'errors' | 'problem' | 'saving' | 'submit' | 'cancel'>;
  /** Runs after the draft is thrown away (`form.cancel`): usually leaves the form. */
  onCancelled: () => void;
  children: ReactNode;
  /** The save button's words when not "Save" (e.g. "Add"). */
  submitLabel?: string;
  /** A record this user may read but not change: fields disabled, no buttons. */
  readOnly?: boolean;
  /** A save must also wait for this (e.g. the community it is saved into). */
  canSave?: boolean;
  /** Names a form that has no heading of its own (an inline form). */
  label?: string;
  className?: string;
  /** Below the buttons: the delete zone. */
  footer?: ReactNode;
}

/**
 * The frame every record form shares: the "restored" notice, the fields (disabled when read
 * only), what keeps the input from being safe, the save and cancel buttons, and a footer.
 */
export function RecordFormFrame({
  form,
  onCancelled,
  children,
  submitLabel,
  readOnly = false,
  canSave = true,
  label,
  className = 'form',
  footer,
}: RecordFormFrameProps) {
  const { t: tc } = useTranslation();
  return (
    <form className={className} onSubmit={(event) => void form.submit(event)} noValidate aria-label={label}>
      {form.restored && (
        <p className="notice" role="status">
          {tc('form.restored')}
        </p>
      )}
      <fieldset className="form-body" disabled={readOnly}>
        {children}
      </fieldset>
      {Object.keys(form.errors).length > 0 && (
        <p className="field-error" role="alert">
          {tc('form.fixErrors')}
        </p>
      )}
      <FormProblem problem={form.problem} />
      {!readOnly && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.saving || !canSave}>
            {submitLabel ?? tc('actions.save')}
          </button>
          <button type="button" className="button" onClick={() => void form.cancel().then(onCancelled)}>
            {tc('actions.cancel')}
          </button>
        </div>
      )}
      {!readOnly && footer}
    </form>
  );
}

/** Says, next to a form's buttons, why what was typed is not safe yet (see `useFormDraft`). */
export function FormProblem({ problem }: { problem: string | null }) {
  const { t: tc } = useTranslation();
  if (!problem) return null;
  return (
    <p className="field-error form-problem" role="alert">
      {tc(problem)}
    </p>
  );
}

/** "Delete", then a question and a confirmation: a record is never deleted by one slip. */
export function DeleteZone({ question, confirmLabel, onDelete }: { question: string; confirmLabel: string; onDelete: () => Promise<void> }) {
  const { t: tc } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  // One id per zone: a thread shows one for each of its person's posts.
  const questionId = useId();
  return (
    <div className="danger-zone">
      {confirming ? (
        <>
          <p id={questionId}>{question}</p>
          <div className="form-actions">
            <button type="button" className="button button-danger" onClick={() => void onDelete()} aria-describedby={questionId}>
              {confirmLabel}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {tc('actions.keep')}
            </button>
          </div>
        </>
      ) : (
        <button type="button" className="button button-danger-outline" onClick={() => setConfirming(true)}>
          {tc('actions.delete')}
        </button>
      )}
    </div>
  );
}
