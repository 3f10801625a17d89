import type { OutboxEntry } from '../db/database';

/**
 * Whether the signed-in person (`author`, '' for no one) sends this change now: their own changes,
 * not refused. On a shared phone another person's changes wait for them to sign in again.
 */
export function isSendable(entry: OutboxEntry, author: string): boolean {
  return !entry.rejected && (entry.author ?? '') === author;
}
