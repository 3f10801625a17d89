import { LibraryIndex } from '../src/search/library-index';
import { makeCaseStudies } from './case-studies';
import { keystrokesOf } from './page-timing';
const index = new LibraryIndex();
index.load(makeCaseStudies(5000) as never);
const QUERIES = ['жайыт комитет', 'бюджет', 'пастбище', 'water pipeline', 'тушунуктуу', 'салык'];
for (let round = 0; round < 3; round++) {
  const out: string[] = [];
  for (const text of keystrokesOf(QUERIES)) {
    const t = performance.now();
    const a = index.query({ text, filters: {}, communityId: null, lang: 'ky', offset: 0, limit: 12 } as never);
    out.push(`${text}:${(performance.now() - t).toFixed(1)}/${a.total}`);
  }
  console.log(out.join(' '));
}
