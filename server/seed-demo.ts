import { applyChange } from '../src/core/merge';
import { DEMO_COMMUNITIES, DEMO_STAMP, demoCaseStudyDocs } from '../src/core/demo-docs';
import { audienceOf } from './audience';
import type { DocState } from '../src/core/protocol';
import type { Storage, StorageOps, StoredDoc, WriteMeta } from './storage/types';

export interface SeedReport {
  /** Example communities and case studies added. */
  communities: number;
  caseStudies: number;
  /** Example communities and case studies that held an older text of the examples, brought up to date. */
  updated: number;
}

/**
 * Adds the example communities and their published case studies (drawn from the seed documents)
 * to the server. Safe to run again: what is already there stays, except an older text of the
 * examples themselves, which gives way to this one field by field (stamped DEMO_STAMP), so a server
 * seeded before the examples were corrected stops sending the old stories to phones.
 */
export async function seedDemo(storage: Storage, now = new Date()): Promise<SeedReport> {
  const author = await storage.userByName('admin');
  if (!author) throw new Error('Start the server once first: it creates the admin user.');
  const report: SeedReport = { communities: 0, caseStudies: 0, updated: 0 };
  await storage.transaction(async (tx) => {
    await tx.lockWrites();
    for (const community of DEMO_COMMUNITIES) {
      const existing = await tx.communityById(community.id);
      if (!existing) {
        await tx.createCommunity({ id: community.id, name: community.name, rayonId: community.rayonCode, code: null, createdAt: now.toISOString() });
        report.communities += 1;
      } else if (JSON.stringify(existing.name) !== JSON.stringify(community.name) || existing.rayonId !== community.rayonCode) {
        await tx.updateCommunity(community.id, { name: community.name, rayonId: community.rayonCode });
        report.updated += 1;
      }
    }
    for (const doc of demoCaseStudyDocs(author.id)) {
      const existing = await tx.getDoc(doc.collection, doc.docId);
      if (!existing) {
        const communityId = String(doc.fields.communityId);
        await tx.putDoc({ ...doc, communityId, createdBy: author.id, eventId: null, meta: {}, audience: audienceOf({ ...doc, communityId }) });
        report.caseStudies += 1;
      } else if (await bringUpToDate(tx, existing, doc, author.id)) {
        report.updated += 1;
      }
    }
  });
  return report;
}

/** Lays this text of an example over an older one, field by field; false when nothing was older. */
async function bringUpToDate(storage: StorageOps, existing: StoredDoc, doc: DocState, authorId: string): Promise<boolean> {
  const { createdBy: _author, ...fields } = doc.fields;
  const merged = applyChange(existing, { collection: doc.collection, docId: doc.docId, hlc: DEMO_STAMP, set: fields });
  const changed = Object.keys(fields).filter((field) => merged.versions[field] !== existing.versions[field]);
  if (changed.length === 0) return false;
  // The older text is replaced, not kept as a value someone wrote at the same time: it is nobody's
  // edit to offer back in a conflict.
  const writers = { ...existing.meta.writers };
  const lost = { ...existing.meta.lost };
  for (const field of changed) {
    writers[field] = { by: authorId };
    delete lost[field];
  }
  const meta: WriteMeta = { ...(Object.keys(writers).length ? { writers } : {}), ...(Object.keys(lost).length ? { lost } : {}) };
  await storage.putDoc({
    ...merged,
    communityId: existing.communityId,
    createdBy: existing.createdBy,
    eventId: null,
    meta,
    audience: audienceOf(merged.deleted ? existing : { ...merged, communityId: existing.communityId }),
  });
  return true;
}
