import { newId } from '../core/ids';
import type { AdminUnit, Community, LocalizedName } from '../core/model';
import type { AsharDb } from './database';
import { getMeta, setMeta } from './meta';

// Raise when admin-units.json changes, so phones replace their copy on next start.
const ADMIN_UNITS_VERSION = 1;

/** Puts the shipped oblasts, cities and rayons into the database, once per version of the list. */
export async function ensureAdminUnits(db: AsharDb): Promise<void> {
  if ((await getMeta<number>(db, 'adminUnitsVersion')) === ADMIN_UNITS_VERSION) return;
  // Loaded only on the first start (or when the list changes), not on every start.
  const units = (await import('../core/data/admin-units.json')).default as AdminUnit[];
  await db.transaction('rw', [db.adminUnits, db.meta], async () => {
    if ((await getMeta<number>(db, 'adminUnitsVersion')) === ADMIN_UNITS_VERSION) return;
    await db.adminUnits.clear();
    await db.adminUnits.bulkPut(units);
    await setMeta(db, 'adminUnitsVersion', ADMIN_UNITS_VERSION);
  });
}

export async function listAdminUnits(db: AsharDb): Promise<AdminUnit[]> {
  return db.adminUnits.toArray();
}

export async function listCommunities(db: AsharDb): Promise<Community[]> {
  return db.communities.toArray();
}

export async function addCommunity(db: AsharDb, input: { name: LocalizedName; rayonCode: string; code?: string | null }): Promise<string> {
  const now = new Date().toISOString();
  const id = newId();
  await db.communities.add({
    id,
    name: input.name,
    rayonCode: input.rayonCode,
    code: input.code ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
