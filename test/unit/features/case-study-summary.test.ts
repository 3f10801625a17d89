import { describe, expect, it } from 'vitest';
import { sameSummary } from '../../../src/features/library/case-study-model';
import type { CaseSummary } from '../../../src/search/library-index';

// Each keystroke in the library's search answers with new objects for the same case studies: a
// card draws again only when what it shows changed.

const summary = (): CaseSummary => ({
  id: 'c1',
  rootId: 'c1',
  title: 'Жайыт комитети',
  language: 'ky',
  languages: ['ky', 'ru'],
  status: 'published',
  topics: ['participatory_budgeting', 'service_delivery'],
  communityId: 'a',
  communityName: { ky: 'Ак-Суу', ru: 'Ак-Суу', en: 'Ak-Suu' },
  rayonCode: '41705214',
  year: 2025,
  updatedAt: '2026-12-01T10:00:00.000Z',
  snippet: '…жайыт комитети түзүлдү…',
  example: false,
  basedOn: null,
  thumb: 'data:image/webp;base64,AAAA',
});

describe('a case study summary in a list', () => {
  it('is the same when a new answer brings equal values in new objects', () => {
    expect(sameSummary(summary(), summary())).toBe(true);
  });

  it.each([
    ['title', { title: 'Жайыт' }],
    ['snippet', { snippet: '…комитет…' }],
    ['topics', { topics: ['service_delivery'] }],
    ['topic order', { topics: ['service_delivery', 'participatory_budgeting'] }],
    ['languages', { languages: ['ky'] }],
    ['place', { communityName: { ky: 'Кара-Суу', ru: 'Кара-Суу', en: 'Kara-Suu' } }],
    ['thumbnail', { thumb: null }],
    ['status', { status: 'draft' }],
  ])('differs when its %s does', (_, change) => {
    expect(sameSummary(summary(), { ...summary(), ...change } as CaseSummary)).toBe(false);
  });
});
