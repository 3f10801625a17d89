import type { AsharDb } from '../../../db/database';
import { demoCaseStudyDocs } from '../../../core/demo-docs';

/**
 * Adds the example case studies to this phone's library. They are not queued for sending: they
 * belong to the example communities, and the server has its own copy once seeded.
 */
export async function loadDemoCaseStudies(db: AsharDb): Promise<number> {
  const docs = demoCaseStudyDocs('');
  await db.transaction('rw', db.caseStudies, async () => {
    for (const doc of docs) {
      if (await db.caseStudies.get(doc.docId)) continue;
      await db.caseStudies.put({ ...doc.fields, id: doc.docId, _v: doc.versions, _deleted: 0 } as never);
    }
  });
  return docs.length;
}
