import type { CaseSummary } from '../../search/library-index';
import { newId } from '../../core/ids';
import { CASE_STUDY_TEXTS, LANGUAGES, type CaseStudy, type Language } from '../../core/model';
import type { CaseStudyFormValues, CaseStudyFormOutput } from '../../core/validation';
import type { CaseStudyInput } from '../../db/case-studies';
import type { WithPendingPhotos } from '../../ui/form/use-record-form';

export type CaseStudyFormState = CaseStudyFormValues & WithPendingPhotos;

/** A case study as its form edits it; a new one gets the id it will be saved under. */
export function caseStudyFormValues(doc: Partial<CaseStudy>, language: Language): CaseStudyFormState {
  return {
    title: doc.title ?? '',
    topics: doc.topics ?? [],
    language: doc.language ?? language,
    periodFrom: doc.periodFrom ?? '',
    periodTo: doc.periodTo ?? '',
    ...(Object.fromEntries(CASE_STUDY_TEXTS.map((field) => [field, doc[field] ?? ''])) as Record<(typeof CASE_STUDY_TEXTS)[number], string>),
    resourcesKgs: doc.resourcesKgs != null ? String(doc.resourcesKgs) : '',
    resourceSources: doc.resourceSources ?? [],
    resourcesNote: doc.resourcesNote ?? '',
    contactConsent: doc.contactConsent ?? false,
    contactName: doc.contactName ?? '',
    contactPhone: doc.contactPhone ?? '',
    pendingPhotos: [],
    recordId: doc.id ?? newId(),
  };
}

/**
 * A new translation of `root`: it keeps the facts (topics, period, money) and gets its own text,
 * in the reader's language unless that one exists already (`versions`: the root and its
 * translations), then in the first language not yet written.
 */
export function translationFormValues(root: CaseStudy, versions: readonly CaseStudy[], readerLanguage: Language): CaseStudyFormState {
  const taken = new Set(versions.map((doc) => doc.language));
  const language = [readerLanguage, ...LANGUAGES].find((candidate) => !taken.has(candidate)) ?? readerLanguage;
  const { topics, periodFrom, periodTo, resourcesKgs, resourceSources } = root;
  return caseStudyFormValues({ topics, periodFrom, periodTo, resourcesKgs, resourceSources }, language);
}

/**
 * What is saved from the checked values: a translation names its original and is an example
 * when the original is one (based on the same document); without consent no contact is kept; a
 * case study written from a thread keeps the question it grew from, and one written from a learning
 * team's work keeps the team.
 */
export function caseStudyInput(
  value: CaseStudyFormOutput,
  translationOf: string | null,
  root: CaseStudy | undefined,
  grewFrom: { fromQuestionId?: string | undefined; teamId?: string | null | undefined } = {},
): CaseStudyInput {
  const example = root?.example === true ? (root.source ? { example: true as const, source: root.source } : { example: true as const }) : {};
  const contact = value.contactConsent ? {} : { contactName: '', contactPhone: '' };
  const { fromQuestionId, teamId } = grewFrom;
  return {
    ...value,
    ...contact,
    ...(translationOf ? { translationOf } : {}),
    ...(fromQuestionId ? { fromQuestionId } : {}),
    ...(teamId ? { teamId } : {}),
    ...example,
  };
}

export const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, index) => value === b[index]);

/**
 * Whether two summaries of a case study show the same: every field equal, lists and names compared
 * by their contents (each search answer brings new objects for the same case studies).
 */
export function sameSummary(a: CaseSummary, b: CaseSummary): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof CaseSummary)[]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && sameList(x, y)) continue;
    if (key === 'communityName' && x && y && typeof x === 'object' && typeof y === 'object' && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}
