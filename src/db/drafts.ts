import type { AsharDb, FormDraft } from './database';

export function readDraft(db: AsharDb, key: string): Promise<FormDraft | undefined> {
  return db.drafts.get(key);
}

export async function saveDraft(db: AsharDb, key: string, values: Record<string, unknown>): Promise<void> {
  await db.drafts.put({ key, values, updatedAt: new Date().toISOString() });
}

export async function discardDraft(db: AsharDb, key: string): Promise<void> {
  await db.drafts.delete(key);
}
