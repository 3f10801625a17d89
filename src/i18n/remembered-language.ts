import type { Language } from '../core/model';
import { readHint, writeHint } from '../db/hints';
import { isLanguage } from './languages';

// The language this phone showed last, kept beside the database where a start reads it at once.
// Apart from setup.ts, which brings i18next: main.tsx reads it before i18next has run.

const REMEMBERED_KEY = 'ashar.language';

/** The language this phone showed last, as remembered beside the database (null: none yet). */
export function rememberedLanguage(): Language | null {
  const remembered = readHint(REMEMBERED_KEY);
  return isLanguage(remembered) ? remembered : null;
}

export function rememberLanguage(lang: Language): void {
  writeHint(REMEMBERED_KEY, lang);
}
