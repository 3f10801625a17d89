import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { foldForSearch } from '../core/search-text';

// How every search box of the app reads what is being typed, and the words it shows around a match.

/**
 * What every index of the app is built and searched with, besides its fields: a field is folded
 * once as a whole when indexed (much cheaper than term by term), so stored terms are kept as they
 * come; query terms are folded the same way; words of five letters or more forgive a typo; every
 * word must match (matchTyped decides prefixes, and "any word" for similar titles).
 */
export function foldedSearchOptions(boost: Record<string, number>) {
  return {
    processTerm: (term: string) => (term.length > 0 ? term : null),
    searchOptions: {
      processTerm: (term: string) => {
        const folded = foldForSearch(term);
        return folded.length > 0 ? folded : null;
      },
      prefix: true,
      fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
      boost,
      combineWith: 'AND' as const,
    },
  };
}

/**
 * Words of three letters or more match as prefixes while typing; shorter ones only as whole
 * words ("Ош", "АӨ"), since a two-letter prefix matches nearly everything and costs the most.
 * While the last word is still too short to match anything, the answer is the one for the words
 * before it (or the whole list), so results do not blink to "nothing found" mid-word.
 * `anyWord`: a record matches with any of the words, best matches first ("similar to this title").
 */
export function matchTyped<T>(search: MiniSearch<T>, raw: string, anyWord = false): { text: string; hits: SearchResult[] } {
  let text = raw.trim();
  while (text) {
    const hits = search.search(text, { prefix: (term) => term.length >= 3, ...(anyWord ? { combineWith: 'OR' } : {}) });
    const words = text.split(/\s+/);
    if (hits.length > 0 || words.at(-1)!.length >= 3) return { text, hits };
    text = words.slice(0, -1).join(' ');
  }
  return { text: '', hits: [] };
}

/** About a dozen words around the first place a (folded) search term occurs in these texts, in order. */
export function snippetAround(texts: readonly (string | null | undefined)[], terms: readonly string[]): string | null {
  for (const text of texts) {
    if (!text) continue;
    const words = text.split(/\s+/);
    const index = words.findIndex((word) => terms.some((term) => foldForSearch(word).includes(term)));
    if (index === -1) continue;
    const start = Math.max(0, index - 5);
    const part = words.slice(start, index + 8).join(' ');
    return `${start > 0 ? '…' : ''}${part}${index + 8 < words.length ? '…' : ''}`;
  }
  return null;
}

/**
 * Searches nobody asked for, as a person would type `sample` (a title from the index): its first
 * letter, its first word as it grows, then two words. Run once after an index is first built, so
 * that the first letters typed find the search's code compiled and warm: on a slow phone the first
 * few keystrokes were otherwise answered several times slower than the rest.
 */
export function warmUp(sample: string, ask: (text: string) => void): void {
  const words = foldForSearch(sample).split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  for (const text of [first.slice(0, 1), first.slice(0, 3), first, words.slice(0, 2).join(' ')]) if (text) ask(text);
}
