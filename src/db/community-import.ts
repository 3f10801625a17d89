import { readCsv } from '../core/csv';
import { readCommunityRows, type ImportProblem } from '../core/gazetteer';
import { newId } from '../core/ids';
import type { AsharDb } from './database';

// Kept apart from gazetteer.ts so the CSV parser loads only on the screen that imports a file.
export interface CommunityImportReport {
  added: number;
  updated: number;
  problems: ImportProblem[];
  /** Set when the file is not an admin-3 table at all; then nothing is imported. */
  missingColumns: string[];
}

/**
 * Imports communities from a CSV in the OCHA COD-AB column layout. Rows whose P-code is already
 * known update that community's names instead of adding a twin; bad rows are skipped and reported.
 */
export async function importCommunitiesCsv(db: AsharDb, text: string): Promise<CommunityImportReport> {
  const { header, rows } = readCsv(text);
  const missingColumns = ['ADM2_PCODE', 'ADM3_PCODE'].filter((column) => !header.includes(column));
  if (!['ADM3_EN', 'ADM3_KY', 'ADM3_RU'].some((column) => header.includes(column))) missingColumns.push('ADM3_KY');
  if (missingColumns.length > 0) return { added: 0, updated: 0, problems: [], missingColumns };

  const units = await db.adminUnits.toArray();
  const { communities, problems } = readCommunityRows(rows, units);
  let added = 0;
  let updated = 0;
  await db.transaction('rw', db.communities, async () => {
    const now = new Date().toISOString();
    for (const community of communities) {
      const existing = await db.communities.where('code').equals(community.code).first();
      if (existing) {
        await db.communities.put({ ...existing, name: community.name, rayonCode: community.rayonCode, updatedAt: now });
        updated += 1;
      } else {
        await db.communities.add({
          id: newId(),
          name: community.name,
          rayonCode: community.rayonCode,
          code: community.code,
          createdAt: now,
          updatedAt: now,
        });
        added += 1;
      }
    }
  });
  return { added, updated, problems, missingColumns: [] };
}
