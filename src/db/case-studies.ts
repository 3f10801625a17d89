import type { CaseStudy } from '../core/model';
import type { AsharDb, LocalDoc } from './database';

/** What this phone may show in the library: every published case study and its own community's drafts. */
export async function listLibrary(db: AsharDb, communityId: string | null): Promise<LocalDoc<CaseStudy>[]> {
  const rows = await db.caseStudies.toArray();
  return rows
    .filter((row) => !row._deleted && (row.status === 'published' || row.communityId === communityId))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
