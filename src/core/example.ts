import type { CaseStudy } from './model';

type Marked = Pick<CaseStudy, 'example' | 'source'>;

/**
 * Whether a case study is an example for learning (not a community's report), and what it is based
 * on. A translation of an example is one too, even one written before translations copied the mark
 * from their original: pass the original when there is one.
 */
export function exampleOf(doc: Marked, original?: Marked | null): { example: boolean; basedOn: string | null } {
  const example = doc.example === true || original?.example === true;
  return { example, basedOn: example ? doc.source || original?.source || null : null };
}
