import type { Workshop } from '../core/model';
import type { AsharDb, LocalDoc } from './database';

/** A community's workshops and exchange visits, latest first. */
export async function listWorkshops(db: AsharDb, communityId: string): Promise<LocalDoc<Workshop>[]> {
  const rows = await db.workshops.where('communityId').equals(communityId).toArray();
  return rows.filter((row) => !row._deleted).sort((a, b) => b.startDate.localeCompare(a.startDate));
}
