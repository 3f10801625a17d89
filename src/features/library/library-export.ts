import { exampleOf } from '../../core/example';
import { toCsv, type Cell } from '../../core/export';
import type { CaseStudy } from '../../core/model';
import type { AsharDb } from '../../db/database';

// Loaded only when someone exports: the library screen does not carry it.

const COLUMNS = [
  'id',
  'original_id',
  'language',
  'title',
  'example',
  'based_on',
  'status',
  'community_ky',
  'community_ru',
  'community_en',
  'rayon_code',
  'topics',
  'period_from',
  'period_to',
  'problem',
  'actions',
  'results',
  'worked',
  'did_not_work',
  'advice',
  'resources_kgs',
  'resource_sources',
  'resources_note',
  'contact_name',
  'contact_phone',
  'created_at',
  'updated_at',
] as const;

/**
 * One row per case study, in the version the list shows. An example says so in its own column and
 * in what it is based on, so a table of them is never read as communities' reports. A contact is
 * written only when its owner agreed.
 */
export function caseStudyRows(docs: readonly CaseStudy[], originals: ReadonlyMap<string, CaseStudy>): Record<(typeof COLUMNS)[number], Cell>[] {
  return docs.map((doc) => {
    const original = doc.translationOf ? originals.get(doc.translationOf) : undefined;
    const placed = original ?? doc;
    const { example, basedOn } = exampleOf(doc, original);
    return {
      id: doc.id,
      original_id: doc.translationOf ?? '',
      language: doc.language ?? '',
      title: doc.title,
      example: example ? 'yes' : 'no',
      based_on: basedOn ?? '',
      status: doc.status,
      community_ky: placed.communityName?.ky ?? '',
      community_ru: placed.communityName?.ru ?? '',
      community_en: placed.communityName?.en ?? '',
      rayon_code: placed.rayonCode ?? '',
      topics: (doc.topics ?? []).join('; '),
      period_from: doc.periodFrom ?? '',
      period_to: doc.periodTo ?? '',
      problem: doc.problem ?? '',
      actions: doc.actions ?? '',
      results: doc.results ?? '',
      worked: doc.worked ?? '',
      did_not_work: doc.didNotWork ?? '',
      advice: doc.advice ?? '',
      resources_kgs: doc.resourcesKgs ?? null,
      resource_sources: (doc.resourceSources ?? []).join('; '),
      resources_note: doc.resourcesNote ?? '',
      contact_name: doc.contactConsent ? (doc.contactName ?? '') : '',
      contact_phone: doc.contactConsent ? (doc.contactPhone ?? '') : '',
      created_at: doc.createdAt,
      updated_at: doc.updatedAt,
    };
  });
}

/** The case studies with these ids (the ones a library list shows), as CSV. */
export async function caseStudiesCsv(db: AsharDb, ids: readonly string[]): Promise<Blob> {
  const docs = (await db.caseStudies.bulkGet([...ids])).filter((doc): doc is NonNullable<typeof doc> => doc !== undefined && !doc._deleted);
  const originalIds = [...new Set(docs.flatMap((doc) => (doc.translationOf ? [doc.translationOf] : [])))];
  const originals = new Map((await db.caseStudies.bulkGet(originalIds)).filter((doc) => doc !== undefined).map((doc) => [doc.id, doc as CaseStudy]));
  const rows = caseStudyRows(docs, originals);
  return new Blob(
    [
      toCsv(
        COLUMNS,
        rows.map((row) => COLUMNS.map((column) => row[column])),
      ),
    ],
    { type: 'text/csv;charset=utf-8' },
  );
}
