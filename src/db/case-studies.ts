import { newId } from '../core/ids';
import type { Application, ApplicationFields, CaseStudy, CaseStudyFields, Community } from '../core/model';
import type { AsharDb, LocalDoc } from './database';
import { writeDoc } from './docs';
import { whereAnyOf } from './query';

export async function getCaseStudy(db: AsharDb, id: string): Promise<LocalDoc<CaseStudy> | undefined> {
  const row = await db.caseStudies.get(id);
  return row && !row._deleted ? row : undefined;
}

/** The original and every translation of a case study, the original first. */
export async function versionsOf(db: AsharDb, rootId: string): Promise<LocalDoc<CaseStudy>[]> {
  const [root, translations] = await Promise.all([db.caseStudies.get(rootId), db.caseStudies.where('translationOf').equals(rootId).toArray()]);
  return [root, ...translations].filter((doc): doc is LocalDoc<CaseStudy> => doc !== undefined && !doc._deleted);
}

export type CaseStudyInput = Omit<CaseStudyFields, 'status' | 'communityName' | 'rayonCode' | 'attachments'>;

/**
 * Saves a case study's text. The community's name and rayon are copied onto it (the server does the
 * same from its own list), so every device that reads it can place it without knowing the community.
 */
export async function saveCaseStudy(
  db: AsharDb,
  id: string,
  input: CaseStudyInput,
  community: Community,
  options: { clearDraft?: string; isNew: boolean },
): Promise<boolean> {
  const fields: Record<string, unknown> = { ...input };
  if (options.isNew) {
    Object.assign(fields, { status: 'draft', communityId: community.id, communityName: community.name, rayonCode: community.rayonCode });
  }
  return writeDoc(db, 'caseStudies', id, fields, { ...(options.clearDraft ? { clearDraft: options.clearDraft } : {}), create: options.isNew });
}

export function setCaseStudyStatus(db: AsharDb, id: string, status: CaseStudy['status']): Promise<boolean> {
  return writeDoc(db, 'caseStudies', id, { status });
}

/** Which communities applied a case study (any of its versions), newest first. */
export async function applicationsOf(db: AsharDb, caseStudyIds: readonly string[]): Promise<LocalDoc<Application>[]> {
  const rows = await whereAnyOf(db.applications, 'caseStudyId', caseStudyIds);
  return rows.filter((row) => !row._deleted).sort((a, b) => b.date.localeCompare(a.date));
}

export type ApplicationInput = Pick<ApplicationFields, 'date' | 'outcome' | 'changes' | 'notes'>;

export async function recordApplication(
  db: AsharDb,
  caseStudyId: string,
  community: Community,
  input: ApplicationInput,
  options: { clearDraft?: string } = {},
): Promise<string> {
  const id = newId();
  await writeDoc(db, 'applications', id, { ...input, caseStudyId, communityId: community.id, communityName: community.name }, options);
  return id;
}
