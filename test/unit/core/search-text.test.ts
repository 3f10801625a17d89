import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../../src/core/search-text';

describe('foldForSearch', () => {
  it('matches Kyrgyz letters typed without their marks', () => {
    expect(foldForSearch('Өнүгүү')).toBe(foldForSearch('онугуу'));
    expect(foldForSearch('ҢАҢ')).toBe('нан');
  });
  it('ignores case and accents in Russian and Latin text', () => {
    expect(foldForSearch('Ёлка')).toBe('елка');
    expect(foldForSearch('Crème Brûlée')).toBe('creme brulee');
    expect(foldForSearch('Й')).toBe(foldForSearch('И'));
  });
  it('keeps text in NFC and NFD the same after folding', () => {
    expect(foldForSearch('ё'.normalize('NFD'))).toBe(foldForSearch('ё'.normalize('NFC')));
  });
});
