import type { DocState } from '../../../core/protocol';
import content from './demo-content.json';

// Example case studies drawn from the programmes this app grew from (see each one's `source`).
// The app's "load examples" button and `npm run seed:demo` on the server write the same documents
// with the same ids and clock stamps, so a phone that loaded them and then syncs with a seeded
// server ends up with one copy of each, never two.
export const DEMO_STAMP = '001735689600000:0000:demo';
const DEMO_TIME = '2025-01-01T00:00:00.000Z';

export interface DemoCommunity {
  id: string;
  name: { ky: string; ru: string; en: string };
  rayonCode: string;
}

export const DEMO_COMMUNITIES: DemoCommunity[] = content.communities;

/** Every demo case study as a published document, as the server would hold it. */
export function demoCaseStudyDocs(createdBy: string): DocState[] {
  const communities = new Map(DEMO_COMMUNITIES.map((community) => [community.id, community]));
  return content.caseStudies.map((study) => {
    const community = communities.get(study.communityId)!;
    const fields: Record<string, unknown> = {
      ...study,
      status: 'published',
      communityName: community.name,
      rayonCode: community.rayonCode,
      contactConsent: false,
      createdBy,
      createdAt: DEMO_TIME,
      updatedAt: DEMO_TIME,
    };
    delete fields.id;
    if (fields.resourcesKgs === null) delete fields.resourcesKgs;
    return {
      collection: 'caseStudies',
      docId: study.id,
      fields,
      versions: Object.fromEntries(Object.keys(fields).map((field) => [field, DEMO_STAMP])),
      deleted: false,
    };
  });
}
