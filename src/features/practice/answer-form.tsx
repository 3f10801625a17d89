import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { Answer } from '../../core/model';
import { newId } from '../../core/ids';
import { PRACTICE_LIMITS } from '../../core/protocol-basics';
import { answerFormSchema, type AnswerFormValues } from '../../core/validation';
import { db } from '../../db/instance';
import { answerQuestion, editAnswer } from '../../db/practice';
import { TextArea } from '../../ui/field';
import { PhotosField } from '../../ui/form/photos-field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm, type WithPendingPhotos } from '../../ui/form/use-record-form';

interface AnswerFormProps {
  questionId: string;
  communityId: string;
  /** Its author's own answer, to change; without it, a new answer. */
  answer?: Answer;
  onDone: () => void;
}

/**
 * An answer under a question, with its photos or files: kept as a draft, sent with the next sync.
 * `onDone` runs once it is saved or cancelled (the thread then shows an empty form for the next one).
 */
export function AnswerForm({ questionId, communityId, answer, onDone }: AnswerFormProps) {
  const { t } = useTranslation('practice');
  const draftKey = answer ? `answer:${answer.id}` : `answer:new:${questionId}`;
  const initial = useMemo<AnswerFormValues & WithPendingPhotos>(
    () => ({ text: answer?.text ?? '', pendingPhotos: [], recordId: answer?.id ?? newId() }),
    // The values to start from, once: later changes to the answer do not reset what is typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const form = useRecordForm({
    draftKey,
    initial,
    schema: answerFormSchema,
    photos: { collection: 'answers', isNew: !answer },
    write: (value, values) =>
      answer
        ? editAnswer(db, answer.id, value.text, { clearDraft: draftKey })
        : answerQuestion(db, communityId, questionId, value.text, { clearDraft: draftKey, id: values.recordId }),
    onSaved: onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} className="form card" submitLabel={answer ? undefined : t('thread.send')} onCancelled={onDone}>
      <TextArea label={answer ? t('thread.editAnswer') : t('thread.yourAnswer')} {...form.field('text')} required maxLength={PRACTICE_LIMITS.text} />
      <PhotosField
        legend={t('field.photos')}
        acceptPdf
        newNote={<p className="field-hint">{t('field.pdfAfterSave')}</p>}
        {...form.photoField(answer?.attachments)}
      />
    </RecordFormFrame>
  );
}
