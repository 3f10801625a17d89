import { useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate } from 'react-router';
import { PRACTICE_LIMITS } from '../../core/protocol-basics';
import { db } from '../../db/instance';
import { deletePost, setHidden } from '../../db/practice';
import { TextArea } from '../../ui/field';
import { DeleteZone, RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { hideFormSchema, type HideFormValues } from '../../core/validation';
import type { Session } from '../../sync/session';

interface PostCareProps {
  collection: 'questions' | 'answers';
  post: { id: string; createdBy?: string; hiddenReason?: string; circle?: string };
  session: Session;
  /** Opens its author's changes to the post. */
  onEdit: () => void;
}

/** What may be done to a post besides answering it: its author changes or deletes it, a coordinator hides it with a reason. */
export function PostCare({ collection, post, session, onEdit }: PostCareProps) {
  const { t } = useTranslation('practice');
  const navigate = useNavigate();
  const mine = post.createdBy === session.user.id || !post.createdBy;
  const coordinator = session.user.role === 'coordinator' || session.user.role === 'admin';
  const [hiding, setHiding] = useState(false);
  const question = collection === 'questions';

  return (
    <>
      {coordinator &&
        (post.hiddenReason ? (
          <button type="button" className="button button-small" onClick={() => void setHidden(db, collection, post.id, '')}>
            {t('thread.unhide')}
          </button>
        ) : hiding ? (
          <HideForm collection={collection} postId={post.id} onDone={() => setHiding(false)} />
        ) : (
          <button type="button" className="button button-small button-danger-outline" onClick={() => setHiding(true)}>
            {t('thread.hide')}
          </button>
        ))}
      {mine && (
        <button type="button" className="button button-small" onClick={onEdit}>
          {t('thread.edit')}
        </button>
      )}
      {mine && (
        <DeleteZone
          question={question ? t('thread.deleteQuestion') : t('thread.deleteAnswer')}
          confirmLabel={t('thread.deleteConfirm')}
          onDelete={async () => {
            await deletePost(db, collection, post.id);
            if (question) void navigate(post.circle ? `/practice/c/${post.circle}` : '/practice', { replace: true });
          }}
        />
      )}
    </>
  );
}

/** A coordinator's reason for hiding a post (kept as a draft like every form), then hidden. */
function HideForm({ collection, postId, onDone }: { collection: 'questions' | 'answers'; postId: string; onDone: () => void }) {
  const { t } = useTranslation('practice');
  const initial = useMemo<HideFormValues>(() => ({ reason: '' }), []);
  const draftKey = `hide:${postId}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: hideFormSchema,
    write: (value) => setHidden(db, collection, postId, value.reason, { clearDraft: draftKey }),
    onSaved: onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} className="form inline-form" submitLabel={t('thread.hideConfirm')} onCancelled={onDone}>
      <TextArea label={t('thread.hideReason')} {...form.field('reason')} required maxLength={PRACTICE_LIMITS.hiddenReason} />
    </RecordFormFrame>
  );
}
