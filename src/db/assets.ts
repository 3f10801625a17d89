import { newId } from '../core/ids';
import type { Asset, AssetFields } from '../core/model';
import type { AsharDb, LocalDoc } from './database';
import { deleteDoc, writeDoc } from './docs';

export type AssetInput = Pick<AssetFields, 'name' | 'category' | 'description'> &
  Partial<Pick<AssetFields, 'steward' | 'access' | 'dispute' | 'tags'>> & {
    /** '' when not judged. */
    condition?: AssetFields['condition'] | '';
    location?: AssetFields['location'] | null;
  };

/** The fields to write: an unset condition or position is left out rather than stored empty. */
function fieldsOf(input: AssetInput): Record<string, unknown> {
  const { condition, location, ...rest } = input;
  return { ...rest, ...(condition ? { condition } : {}), ...(location ? { location } : {}) };
}

export async function createAsset(
  db: AsharDb,
  communityId: string,
  input: AssetInput,
  /** `id`: the id chosen when the form opened (its photos are kept under it). */
  options: { clearDraft?: string; id?: string } = {},
): Promise<string> {
  const { id = newId(), ...write } = options;
  await writeDoc(db, 'assets', id, { tags: [], ...fieldsOf(input), communityId }, { ...write, create: true });
  return id;
}

export async function updateAsset(db: AsharDb, id: string, input: AssetInput, options: { clearDraft?: string } = {}): Promise<boolean> {
  return writeDoc(db, 'assets', id, fieldsOf(input), options);
}

export function deleteAsset(db: AsharDb, id: string): Promise<void> {
  return deleteDoc(db, 'assets', id);
}

/** Orders records newest change first. ISO times compare as plain strings (much faster than a locale compare). */
export function newestFirst(a: { updatedAt: string }, b: { updatedAt: string }): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
}

/** A community's assets, newest change first, without deleted ones. */
export async function listAssets(db: AsharDb, communityId: string): Promise<LocalDoc<Asset>[]> {
  const rows = await db.assets.where('communityId').equals(communityId).toArray();
  return rows.filter((row) => !row._deleted).sort(newestFirst);
}

/**
 * A community's assets and those other communities shared with it (both sides of a disputed
 * pasture see it), newest change first, without deleted ones.
 */
export async function listReadableAssets(db: AsharDb, communityId: string): Promise<LocalDoc<Asset>[]> {
  const [own, shared] = await Promise.all([
    db.assets.where('communityId').equals(communityId).toArray(),
    db.assets.where('sharedWith').equals(communityId).toArray(),
  ]);
  const byId = new Map([...own, ...shared].map((row) => [row.id, row]));
  return [...byId.values()].filter((row) => !row._deleted).sort(newestFirst);
}

export async function getAsset(db: AsharDb, id: string): Promise<LocalDoc<Asset> | undefined> {
  const row = await db.assets.get(id);
  return row && !row._deleted ? row : undefined;
}

/** The newest assets of a community, read by index: enough for a first screen, at once. */
export async function newestAssets(db: AsharDb, communityId: string, limit: number): Promise<LocalDoc<Asset>[]> {
  return db.assets
    .where('[communityId+updatedAt]')
    .between([communityId, ''], [communityId, '\uffff'])
    .reverse()
    .filter((row) => !row._deleted)
    .limit(limit)
    .toArray();
}
