import type { DocState } from './protocol';
import content from './data/demo-content.json';

// Example case studies for learning, each written from one or two of the public documents this app
// grew from (its `source`) and marked `example: true`, so every screen, print and export says so
// (docs/examples.md lists what each one is based on). A real place is named only for what its
// source says about it; the other stories happen in plainly fictional communities.
// The app's "load examples" button and `npm run seed:demo` on the server write the same documents
// with the same ids and clock stamps, so a phone that loaded them and then syncs with a seeded
// server ends up with one copy of each, never two.

/**
 * The clock stamp of the examples' current text. When the text changes, this moves forward (never
 * past today), so `npm run seed:demo` replaces an older text on a server seeded before, and phones
 * pull the new one; an edit someone made later still wins.
 */
export const DEMO_STAMP = '001796083200000:0000:demo';
const DEMO_TIME = '2025-01-01T00:00:00.000Z';

export interface DemoCommunity {
  id: string;
  name: { ky: string; ru: string; en: string };
  /** Null for the fictional communities: they lie in no real rayon. */
  rayonCode: string | null;
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
