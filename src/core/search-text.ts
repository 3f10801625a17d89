// How text is compared when searching: case, accents and the Kyrgyz letters ө, ү, ң do not matter,
// because many people type "о", "у", "н" on keyboards without them. The index and the query are
// folded the same way, so "онугуу" finds "өнүгүү" and "Ош" finds "ош".
const KYRGYZ_FOLDS: Record<string, string> = { ө: 'о', ү: 'у', ң: 'н', ё: 'е', ә: 'а', һ: 'х', і: 'и' };
const FOLD_PATTERN = new RegExp(`[${Object.keys(KYRGYZ_FOLDS).join('')}]`, 'g');

export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(FOLD_PATTERN, (letter) => KYRGYZ_FOLDS[letter]!)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}
