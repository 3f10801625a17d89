// Realistic case studies for the benchmarks that fill a phone's library: every text field filled,
// 2–4 KB of text each, in three languages, the same ones on every run (a seeded generator).
import { LANGUAGES, RESOURCE_SOURCES, TOPICS } from '../src/core/model';

const KY =
  'айыл өкмөтү жамаат бюджет жайыт суу түтүгү мектеп көпүрө жол салык киреше катышуу жаштар аялдар диаспора келишим комитет чогулуш тажрыйба натыйжа көйгөй кеңеш долбоор грант каражат ресурс малчылар дыйкандар кеңешчи отурум ачык түшүнүктүү калк үй-бүлө'.split(
    ' ',
  );
const RU =
  'айыл окмоту сообщество бюджет пастбище водопровод школа мост дорога налог доход участие молодёжь женщины диаспора соглашение комитет собрание опыт результат проблема совет проект грант средства ресурс животноводы фермеры консультант заседание открытый понятный'.split(
    ' ',
  );
const EN =
  'municipality community budget pasture water pipeline school bridge road tax revenue participation youth women diaspora agreement committee meeting experience result problem advice project grant funds resource herders farmers consultant session open clear'.split(
    ' ',
  );
const RAYONS = ['41705214000000', '41705236000000', '41704235000000', '41703225000000', '41706226000000', '41706255000000', '41708203000000', '41702210000000'];

function seeded(seed: number) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const random = seeded(7);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const text = (words: string[], min: number, max: number) => {
  const target = min + Math.floor(random() * (max - min));
  let out = '';
  while (out.length < target) out += (out ? (random() < 0.08 ? '.\n' : ' ') : '') + pick(words);
  return out;
};

/** Realistic case studies: every text field filled, 2–4 KB of text each, in three languages. */
export function makeCaseStudies(count: number) {
  const docs = [];
  for (let i = 0; i < count; i += 1) {
    const language = pick(LANGUAGES);
    const words = language === 'ky' ? KY : language === 'ru' ? RU : EN;
    const year = 2008 + Math.floor(random() * 18);
    const id = `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`;
    const rayonCode = pick(RAYONS);
    docs.push({
      id,
      communityId: `c0000000-0000-4000-8000-${rayonCode.slice(2, 14)}`,
      communityName: { ky: `Айыл ${rayonCode.slice(5, 8)}`, ru: `Айыл ${rayonCode.slice(5, 8)}`, en: `Ayil ${rayonCode.slice(5, 8)}` },
      rayonCode,
      title: text(words, 30, 90),
      status: 'published',
      topics: [pick(TOPICS), pick(TOPICS)].filter((topic, index, all) => all.indexOf(topic) === index),
      language,
      periodFrom: `${year}-0${1 + Math.floor(random() * 9)}`,
      problem: text(words, 300, 700),
      actions: text(words, 300, 800),
      results: text(words, 200, 500),
      worked: text(words, 200, 500),
      didNotWork: text(words, 150, 400),
      advice: text(words, 150, 400),
      resourcesKgs: Math.floor(random() * 2_000_000),
      resourceSources: [pick(RESOURCE_SOURCES)],
      resourcesNote: text(words, 40, 160),
      contactConsent: false,
      createdBy: 'bench',
      createdAt: `${year}-06-01T00:00:00.000Z`,
      updatedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      _v: {},
      _deleted: 0,
    });
  }
  return docs;
}
