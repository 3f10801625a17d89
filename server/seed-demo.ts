import { DEMO_COMMUNITIES, demoCaseStudyDocs } from '../src/features/library/demo/demo-docs';
import { audienceOf } from './audience';
import type { Storage } from './storage/types';

/**
 * Adds the example communities and their published case studies (drawn from the seed documents)
 * to the server. Safe to run again: what is already there is left as it is.
 */
export function seedDemo(storage: Storage, now = new Date()): { communities: number; caseStudies: number } {
  const author = storage.userByName('admin');
  if (!author) throw new Error('Start the server once first: it creates the admin user.');
  let communities = 0;
  let caseStudies = 0;
  storage.transaction(() => {
    for (const community of DEMO_COMMUNITIES) {
      if (storage.communityExists(community.id)) continue;
      storage.createCommunity({ id: community.id, name: community.name, rayonId: community.rayonCode, code: null, createdAt: now.toISOString() });
      communities += 1;
    }
    for (const doc of demoCaseStudyDocs(author.id)) {
      if (storage.getDoc(doc.collection, doc.docId)) continue;
      const communityId = String(doc.fields.communityId);
      storage.putDoc({ ...doc, communityId, createdBy: author.id, eventId: null, meta: {}, audience: audienceOf({ ...doc, communityId }) });
      caseStudies += 1;
    }
  });
  return { communities, caseStudies };
}
