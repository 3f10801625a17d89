import { LANGUAGES, type Language } from '../core/model';

export const NAMESPACES = ['common', 'errors', 'assets', 'library', 'workshops', 'practice', 'teams', 'settings', 'gazetteer', 'sync'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** The language names as their speakers write them, for the language switcher. */
export const LANGUAGE_ENDONYMS: Record<Language, string> = {
  ky: 'Кыргызча',
  ru: 'Русский',
  en: 'English',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
