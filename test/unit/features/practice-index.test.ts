import { describe, expect, it } from 'vitest';
import { PracticeIndex, type IndexedAnswer, type IndexedQuestion, type PracticeQuery } from '../../../src/search/practice-index';

const NOW = Date.UTC(2026, 11, 5, 12);
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

const question = (id: string, fields: Partial<IndexedQuestion>): IndexedQuestion => ({
  id,
  title: 'Суроо',
  text: '',
  circle: 'finance_officer',
  language: 'ky',
  communityId: 'c',
  createdBy: 'asker',
  createdAt: daysAgo(1),
  updatedAt: daysAgo(1),
  ...fields,
});
const answer = (id: string, questionId: string, text: string, fields: Partial<IndexedAnswer> = {}): IndexedAnswer => ({
  id,
  questionId,
  text,
  createdBy: 'peer',
  ...fields,
});

const ask = (index: PracticeIndex, text: string, extra: Partial<PracticeQuery> = {}) =>
  index.query({ text, filters: {}, userId: 'reader', seesHidden: false, now: NOW, offset: 0, limit: 20, ...extra });
const ids = (answer: { items: { id: string }[] }) => answer.items.map((item) => item.id);

function sample(): PracticeIndex {
  const index = new PracticeIndex();
  index.load(
    [
      question('land-tax', { title: 'Жер салыгын кантип чогултабыз?', text: 'Төлөбөй жүргөндөр көп', topics: ['public_finance'], createdAt: daysAgo(5) }),
      question('budget', { title: 'Бюджеттик угуу', text: 'Элди кантип чакырабыз', circle: 'budget_committee_chair', language: 'ru', createdAt: daysAgo(2) }),
      question('pasture', { title: 'Жайыт', circle: 'natural_resource_conflict', createdAt: daysAgo(4) }),
      question('hidden', { title: 'Жер сатуу', hiddenReason: 'жарнама', createdBy: 'spammer', createdAt: daysAgo(6) }),
      question('gone', { title: 'Жер', _deleted: 1 }),
    ],
    [
      answer('a1', 'budget', 'Радио аркылуу кулактандырдык, жер салыгы тууралуу да айттык'),
      answer('a2', 'pasture', 'Жайыт комитети чечти'),
      answer('a3', 'pasture', 'Жашыруун сөз', { hiddenReason: 'орой' }),
      answer('gone', 'land-tax', 'өчүрүлгөн', { _deleted: 1 }),
    ],
  );
  return index;
}

describe('searching the circles', () => {
  it('finds questions by words typed without ө ү ң, by prefix, in their answers too, a title match first', () => {
    const index = sample();
    expect(ids(ask(index, 'салыг'))).toEqual(['land-tax', 'budget']);
    expect(ask(index, 'салыг').items[1]!.snippet).toContain('салыгы');
    expect(ids(ask(index, 'толобой'))).toEqual(['land-tax']);
    expect(ids(ask(index, 'комитети'))).toEqual(['pasture']);
  });

  it('never finds deleted posts, hidden ones only for their author and coordinators, nor words of a hidden answer', () => {
    const index = sample();
    expect(ids(ask(index, 'сатуу'))).toEqual([]);
    expect(ids(ask(index, 'сатуу', { userId: 'spammer' }))).toEqual(['hidden']);
    expect(ask(index, 'сатуу', { seesHidden: true }).items[0]!.hidden).toBe(true);
    expect(ids(ask(index, 'жашыруун'))).toEqual([]);
    expect(ask(index, 'жайыт').items[0]!.answers).toBe(1);
    expect(ids(ask(index, 'өчүрүлгөн'))).toEqual([]);
  });

  it('filters by circle, topic (a topic circle counts), answered or not, and language', () => {
    const index = sample();
    expect(ids(ask(index, '', { filters: { circle: 'budget_committee_chair' } }))).toEqual(['budget']);
    expect(ids(ask(index, '', { filters: { topic: 'public_finance' } }))).toEqual(['land-tax']);
    expect(ids(ask(index, '', { filters: { topic: 'natural_resource_conflict' } }))).toEqual(['pasture']);
    expect(ids(ask(index, '', { filters: { answered: 'yes' } }))).toEqual(['budget', 'pasture']);
    expect(ids(ask(index, '', { filters: { answered: 'no' } }))).toEqual(['land-tax']);
    expect(ids(ask(index, '', { filters: { language: 'ru' } }))).toEqual(['budget']);
  });

  it('gives the help desk the unanswered, oldest first, flagging those waiting more than three days', () => {
    const index = sample();
    index.load(
      [
        question('land-tax', { title: 'Жер салыгы', createdAt: daysAgo(5) }),
        question('fresh', { title: 'Жаңы', createdAt: daysAgo(1) }),
        question('old', { title: 'Эски', createdAt: daysAgo(9) }),
      ],
      [],
    );
    const desk = ask(index, '', { filters: { answered: 'no' }, order: 'oldest' });
    expect(ids(desk)).toEqual(['old', 'land-tax', 'fresh']);
    expect(desk.items.map((item) => item.waiting)).toEqual([true, true, false]);
    expect(desk.waiting).toBe(2);
  });

  it('matches any word for "maybe this already answers it", best match first', () => {
    const index = sample();
    expect(ids(ask(index, 'салык жайыт чечим'))).toEqual([]);
    expect(ids(ask(index, 'салык жайыт чечим', { anyWord: true }))).toContain('pasture');
  });

  it('re-indexes a question when it or its answers change, and drops what left the phone', () => {
    const index = sample();
    index.load([question('budget', { title: 'Ачык бюджет' })], [answer('a1', 'budget', 'Сайтка жарыяладык')]);
    expect(index.size).toBe(1);
    expect(ids(ask(index, 'сайт'))).toEqual(['budget']);
    expect(ids(ask(index, 'радио'))).toEqual([]);
    expect(ids(ask(index, 'угуу'))).toEqual([]);
  });
});
