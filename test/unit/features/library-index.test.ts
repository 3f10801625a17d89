import { warmUp } from '../../../src/search/typed-match';
import { describe, expect, it } from 'vitest';
import type { Attachment, CaseStudy } from '../../../src/core/model';
import { AsharDb, type LocalDoc } from '../../../src/db/database';
import { IndexHost } from '../../../src/search/index-host';
import { LibraryIndex, type IndexedCaseStudy, type LibraryQuery } from '../../../src/search/library-index';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const BATKEN_RAYON = '41705214000000';
const LEILEK_RAYON = '41705236000000';
const CHUI_RAYON = '41708203000000';

const study = (id: string, fields: Partial<IndexedCaseStudy>): IndexedCaseStudy => ({
  id,
  title: 'Тажрыйба',
  status: 'published',
  topics: ['public_finance'],
  communityId: A,
  updatedAt: '2026-01-01T00:00:00.000Z',
  language: 'ky',
  ...fields,
});

const ask = (index: LibraryIndex, text: string, extra: Partial<LibraryQuery> = {}) =>
  index.query({ text, filters: {}, communityId: A, lang: 'ky', offset: 0, limit: 20, ...extra });

describe('library search', () => {
  const index = new LibraryIndex();
  index.load([
    study('s1', {
      title: 'Жайыт комитети',
      worked: 'Өнүгүү планы айыл менен бирге түзүлдү',
      topics: ['natural_resource_conflict'],
      rayonCode: BATKEN_RAYON,
      periodFrom: '2011-03',
    }),
    study('s2', { title: 'Бюджет ачык', problem: 'Салыктар чогулбай калган', rayonCode: LEILEK_RAYON, periodFrom: '2017-01' }),
    study('s2-ru', {
      title: 'Открытый бюджет',
      problem: 'Налоги не собирались',
      language: 'ru',
      translationOf: 's2',
      rayonCode: LEILEK_RAYON,
      periodFrom: '2017-01',
    }),
    study('s3', { title: 'Каралама', status: 'draft', communityId: B, worked: 'өнүгүү' }),
    study('s4', { title: 'Жол курулушу', advice: 'Краудфандинг аркылуу акча чогултуу', topics: ['crowdfunding', 'public_finance'], rayonCode: CHUI_RAYON }),
    study('gone', { title: 'Өчүрүлгөн өнүгүү', _deleted: 1 }),
  ]);

  it('finds words typed without ө ү ң, in another case, by prefix', () => {
    expect(ask(index, 'ОНУГ').items.map((item) => item.id)).toEqual(['s1']);
    expect(ask(index, 'онугуу планы').items.map((item) => item.id)).toEqual(['s1']);
    expect(ask(index, 'жайыт').items[0]!.snippet).toBeNull();
    expect(ask(index, 'план').items[0]!.snippet).toContain('планы');
  });

  it('ranks a title match above a match in the text', () => {
    const many = new LibraryIndex();
    many.load([study('text', { title: 'Башка', advice: 'суу түтүгү' }), study('title', { title: 'Суу түтүгү' })]);
    expect(ask(many, 'суу').items.map((item) => item.id)).toEqual(['title', 'text']);
  });

  it('shows drafts only to their own community, and never deleted case studies', () => {
    expect(ask(index, 'каралама').total).toBe(0);
    expect(ask(index, 'каралама', { communityId: B }).total).toBe(1);
    expect(ask(index, 'өчүрүлгөн').total).toBe(0);
  });

  it('lists a case study once, in the reader language when translated, and finds it in either', () => {
    const all = ask(index, '', { lang: 'ru' });
    expect(all.items.filter((item) => item.rootId === 's2').map((item) => item.id)).toEqual(['s2-ru']);
    expect(all.items.find((item) => item.rootId === 's2')!.languages.sort()).toEqual(['ky', 'ru']);
    expect(ask(index, 'налоги').items.map((item) => item.id)).toEqual(['s2-ru']);
    expect(ask(index, 'салыктар').items.map((item) => item.id)).toEqual(['s2']);
  });

  it('filters by topic, oblast, rayon, language and year, and offers only values that exist', () => {
    const batkenOblast = '41705000000000';
    expect(
      ask(index, '', { filters: { oblast: batkenOblast } })
        .items.map((item) => item.rootId)
        .sort(),
    ).toEqual(['s1', 's2']);
    expect(ask(index, '', { filters: { rayon: LEILEK_RAYON } }).total).toBe(1);
    expect(ask(index, '', { filters: { topic: 'crowdfunding' } }).items.map((item) => item.id)).toEqual(['s4']);
    expect(ask(index, '', { filters: { year: '2011' } }).items.map((item) => item.id)).toEqual(['s1']);
    expect(ask(index, '', { filters: { language: 'ru' } }).items.map((item) => item.id)).toEqual(['s2-ru']);
    const facets = ask(index, '').facets;
    expect(facets.oblasts).toEqual([batkenOblast, '41708000000000']);
    expect(facets.years).toEqual([2017, 2011]);
  });

  it('suggests peers on the same topics, same rayon first, then same oblast, then the rest', () => {
    const peers = new LibraryIndex();
    peers.load([
      study('far', { topics: ['public_finance'], rayonCode: CHUI_RAYON, updatedAt: '2026-03-01T00:00:00.000Z' }),
      study('oblast', { topics: ['public_finance'], rayonCode: LEILEK_RAYON }),
      study('rayon', { topics: ['public_finance'], rayonCode: BATKEN_RAYON }),
      study('other-topic', { topics: ['crowdfunding'], rayonCode: BATKEN_RAYON }),
      study('draft', { topics: ['public_finance'], rayonCode: BATKEN_RAYON, status: 'draft' }),
      study('self', { topics: ['public_finance'], rayonCode: BATKEN_RAYON }),
    ]);
    const ids = peers
      .peers({ topics: ['public_finance'], rayonCode: BATKEN_RAYON, exclude: ['self'], communityId: A, lang: 'ky', limit: 10 })
      .map((item) => item.id);
    expect(ids).toEqual(['rayon', 'oblast', 'far']);
  });
});

describe('library index updates', () => {
  it('re-indexes only what changed, and forgets what is gone', () => {
    const index = new LibraryIndex();
    const one = { ...study('u1', { title: 'Көпүрө' }), version: 'a' };
    const two = { ...study('u2', { title: 'Мектеп' }), version: 'a' };
    index.load([one, two]);
    expect(ask(index, 'көпүрө').total).toBe(1);
    index.load([{ ...one, title: 'Жол', version: 'b' }, two]);
    expect(ask(index, 'көпүрө').total).toBe(0);
    expect(ask(index, 'жол').total).toBe(1);
    index.load([two]);
    expect(ask(index, 'жол').total).toBe(0);
    expect(index.size).toBe(1);
  });

  it('matches short words whole and keeps the last answer while a word is still short', () => {
    const index = new LibraryIndex();
    index.load([study('a1', { title: 'Жайыт Ош' }), study('a2', { title: 'Суу' })]);
    expect(ask(index, 'ж').total).toBe(2);
    expect(ask(index, 'жа').total).toBe(2);
    expect(ask(index, 'жай').total).toBe(1);
    expect(ask(index, 'ош').items.map((item) => item.id)).toEqual(['a1']);
    expect(ask(index, 'суу ж').items.map((item) => item.id)).toEqual(['a2']);
    expect(ask(index, 'суу жай').total).toBe(0);
  });
});

describe('library cards', () => {
  it("carry the thumbnail of each case study's first photo, read from the stored record (documents have none)", async () => {
    const db = new AsharDb('library-card-thumbs');
    const photo = 'data:image/webp;base64,UklGRg==';
    const stored = (id: string, attachments: Attachment[]): LocalDoc<CaseStudy> => ({
      ...{ id, title: `Сүрөт ${id}`, status: 'published', topics: ['public_finance'], language: 'ky', communityId: A },
      ...{ createdBy: 'someone', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', attachments, _v: {}, _deleted: 0 },
    });
    await db.caseStudies.bulkPut([
      stored('with-photo', [
        { hash: 'a'.repeat(64), mime: 'application/pdf', size: 900 },
        { hash: 'b'.repeat(64), mime: 'image/webp', size: 900, thumb: photo },
      ]),
      stored('document-only', [{ hash: 'c'.repeat(64), mime: 'application/pdf', size: 900 }]),
    ]);
    const answer = await new IndexHost(db).query({ text: '', filters: {}, communityId: A, lang: 'ky', offset: 0, limit: 20 });
    expect(Object.fromEntries(answer.items.map((item) => [item.id, item.thumb]))).toEqual({ 'with-photo': photo, 'document-only': null });
    db.close();
  });
});

describe('warming the search up after its first build', () => {
  it('types a title of its own as a person would: a letter, a growing word, two words', () => {
    const asked: string[] = [];
    warmUp('Жайыт комитети түзүлдү', (text) => asked.push(text));
    expect(asked).toEqual(['ж', 'жаи', 'жаиыт', 'жаиыт комитети']);
    warmUp('', (text) => asked.push(text));
    expect(asked).toHaveLength(4);
  });
});
