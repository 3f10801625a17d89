import type { Collection } from '../src/core/model';
import { followId, isHelpDesk, markId } from '../src/core/practice';
import type { Change } from '../src/core/protocol';
import { seesAllCommunities } from './audience';
import type { Problem } from './apply-change';
import type { StorageOps, StoredDoc, UserRecord } from './storage/types';

// Who may do what in the circles of practice, checked per change (apply-change.ts). Reading is the
// audience rule (audience.ts).

export const PRACTICE: readonly Collection[] = ['questions', 'answers', 'marks', 'follows'];

/** Fields of a post that someone other than its author may set, and who. */
const OTHERS_MAY_SET: Record<string, (user: UserRecord, post: StoredDoc) => boolean> = {
  // Coordinators look after the circles: they hide a post, with a reason its author reads.
  hiddenReason: (user) => seesAllCommunities(user.role),
  // The asker, or a coordinator, says which answer answers it.
  acceptedAnswerId: (user, post) => post.createdBy === user.id || seesAllCommunities(user.role),
  // The help desk (coordinators and facilitators) asks a named person to answer.
  askedOf: (user) => mayAsk(user),
};

const mayAsk = (user: UserRecord) => isHelpDesk(user.role);

/**
 * Checks a change to a question, answer, helpful mark or follow: a post is changed by its author
 * (and the few fields above by others); a mark or a follow is its author's own, by its very id;
 * an answer or mark belongs to a question that is here; a question stays in its circle.
 */
export async function checkPracticeWrite(
  storage: StorageOps,
  user: UserRecord,
  change: Change,
  existing: StoredDoc | null,
  set: Record<string, unknown>,
): Promise<Problem | null> {
  const fields = { ...(existing?.fields ?? {}), ...set };
  if (change.collection === 'marks' || change.collection === 'follows') {
    const ownId = change.collection === 'marks' ? markId(String(fields.answerId), user.id) : followId(user.id, String(fields.target));
    if (change.docId !== ownId) return { code: 'forbidden_record' };
    if (existing && (set.answerId !== undefined || set.questionId !== undefined || set.target !== undefined) && !sameFields(existing, set)) {
      return { code: 'forbidden_move' };
    }
  }
  if (existing && (change.collection === 'questions' || change.collection === 'answers')) {
    const byAuthor = existing.createdBy === user.id;
    // The app stamps `updatedAt` on every write: it goes with whatever else the change may set.
    const fields = Object.keys(set).filter((field) => field !== 'updatedAt');
    if (fields.length === 0 && !byAuthor) return { code: 'forbidden_record' };
    for (const field of fields) {
      const mayOthers = OTHERS_MAY_SET[field];
      if (!(mayOthers ? mayOthers(user, existing) : byAuthor)) return { code: 'forbidden_record', field };
    }
    if (change.deleted && !byAuthor) return { code: 'forbidden_record' };
  }
  if (existing && change.collection === 'questions' && set.circle !== undefined && set.circle !== existing.fields.circle)
    return { code: 'forbidden_move', field: 'circle' };
  if (existing && change.collection === 'answers' && set.questionId !== undefined && set.questionId !== existing.fields.questionId)
    return { code: 'forbidden_move', field: 'questionId' };
  if (change.deleted) return null;

  if (change.collection === 'answers' || change.collection === 'marks') {
    const question = typeof fields.questionId === 'string' ? await storage.getDoc('questions', fields.questionId) : null;
    if (!question || question.deleted) return { code: 'unknown_question', field: 'questionId' };
  }
  if (change.collection === 'marks') {
    const answer = typeof fields.answerId === 'string' ? await storage.getDoc('answers', fields.answerId) : null;
    if (!answer || answer.deleted || answer.fields.questionId !== fields.questionId) return { code: 'unknown_answer', field: 'answerId' };
  }
  if (change.collection === 'questions' && typeof set.acceptedAnswerId === 'string') {
    const answer = await storage.getDoc('answers', set.acceptedAnswerId);
    if (!answer || answer.deleted || answer.fields.questionId !== change.docId) return { code: 'unknown_answer', field: 'acceptedAnswerId' };
  }
  if (change.collection === 'questions' && Array.isArray(set.askedOf)) {
    if (!existing && (set.askedOf as string[]).length > 0 && !mayAsk(user)) return { code: 'forbidden_record', field: 'askedOf' };
    for (const id of set.askedOf as string[]) if ((await storage.userById(id)) === null) return { code: 'unknown_user', field: 'askedOf' };
  }
  if (!existing && set.hiddenReason !== undefined && set.hiddenReason !== '' && !seesAllCommunities(user.role))
    return { code: 'forbidden_record', field: 'hiddenReason' };
  return null;
}

function sameFields(existing: StoredDoc, set: Record<string, unknown>): boolean {
  return Object.entries(set).every(([field, value]) => !['answerId', 'questionId', 'target'].includes(field) || existing.fields[field] === value);
}
