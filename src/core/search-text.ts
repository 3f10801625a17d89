// How text is compared when searching: case, accents and the Kyrgyz letters ө, ү, ң do not matter,
// because many people type "о", "у", "н" on keyboards without them. The index and the query are
// folded the same way, so "онугуу" finds "өнүгүү" and "Ош" finds "ош".
const LETTER_FOLDS: Record<string, string> = { ө: 'о', ӧ: 'о', ү: 'у', ӱ: 'у', ң: 'н', ӊ: 'н', ё: 'е', й: 'и', ә: 'а', һ: 'х', і: 'и', ї: 'и' };
const FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');
/** Characters that carry (or may decompose into) accents: only text with them needs Unicode normalisation. */
const MAY_HAVE_MARKS = /[\u00c0-\u024f\u1e00-\u1eff\u0400-\u040f\u0450-\u045f\u04c1-\u04ff]|\p{M}/u;

export function foldForSearch(text: string): string {
  let folded = text.toLowerCase().replace(FOLD_PATTERN, (letter) => LETTER_FOLDS[letter]!);
  if (MAY_HAVE_MARKS.test(folded)) folded = folded.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  return folded;
}
