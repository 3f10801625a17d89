import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PRACTICE_LIMITS } from '../../core/protocol';
import { answerFormSchema, type AnswerFormValues } from '../../core/validation';
import { db } from '../../db/instance';
import { answerQuestion } from '../../db/practice';
import { TextArea } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';

/**
 * The answer being written under a question: kept as a draft, sent with the next sync. `onDone`
 * runs once it is saved or cancelled (the thread then shows an empty form for the next one).
 */
export function AnswerForm({ questionId, communityId, onDone }: { questionId: string; communityId: string; onDone: () => void }) {
  const { t } = useTranslation('practice');
  const draftKey = `answer:new:${questionId}`;
  const initial = useMemo<AnswerFormValues>(() => ({ text: '' }), []);
  const form = useRecordForm({
    draftKey,
    initial,
    schema: answerFormSchema,
    write: (value) => answerQuestion(db, communityId, questionId, value.text, { clearDraft: draftKey }),
    onSaved: onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} className="form card" submitLabel={t('thread.send')} onCancelled={onDone}>
      <TextArea label={t('thread.yourAnswer')} {...form.field('text')} required maxLength={PRACTICE_LIMITS.text} />
    </RecordFormFrame>
  );
}
