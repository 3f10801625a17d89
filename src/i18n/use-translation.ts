import i18next, { type TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';
import type { Namespace } from './languages';

// How a component gets its texts: `t` for a namespace in the language shown, drawn again when the
// language changes. react-i18next's hook of the same name copied the whole i18next instance and
// built a new `t` for every component it mounted (~0.8 ms each at the slowed CPU of a cheap phone,
// in every card of a list); here one listener serves the app and each language and namespace has
// one `t`, made once. It remembers the texts it gave for a key alone or with a count: i18next works
// each one out again (~0.2 ms a call on that phone), and a list asks for the same few per card.

const listeners = new Set<() => void>();
const fixed = new Map<string, TFunction>();
let listening = false;

/** Most texts remembered per language and namespace (a count makes a text of its own). */
const REMEMBERED = 2000;

function subscribe(listener: () => void): () => void {
  if (!listening) {
    listening = true;
    i18next.on('languageChanged', () => {
      for (const notify of [...listeners]) notify();
    });
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentLanguage = () => i18next.language;

/** The language texts are shown in now, followed as it changes (its code, as i18next has it). */
export function useLanguageCode(): string {
  return useSyncExternalStore(subscribe, currentLanguage);
}

/** `t` of one namespace in the language shown (`common` when none is named). */
export function useTranslation(ns: Namespace = 'common'): { t: TFunction } {
  const language = useLanguageCode();
  const key = `${language}\u0000${ns}`;
  let t = fixed.get(key);
  if (!t) {
    t = remembering(i18next.getFixedT(language, ns) as unknown as TFunction);
    fixed.set(key, t);
  }
  return { t };
}

type Options = Record<string, unknown> | undefined;

/** `t`, remembering what it gave for a key alone or with only a count; other calls go through. */
function remembering(fixedT: TFunction): TFunction {
  const t = fixedT as unknown as (key: unknown, options?: unknown) => string;
  const given = new Map<string, string>();
  const translate = (key: unknown, options?: unknown) => {
    const counted = isCountOnly(options as Options);
    if (typeof key !== 'string' || (options !== undefined && !counted)) return t(key, options);
    const remembered = counted ? `${key}\u0000${String((options as { count: number }).count)}` : key;
    let text = given.get(remembered);
    if (text === undefined) {
      text = t(key, options);
      if (given.size >= REMEMBERED) given.clear();
      given.set(remembered, text);
    }
    return text;
  };
  return translate as unknown as TFunction;
}

/** Texts were loaded or replaced (setup.ts): what was remembered is forgotten. */
export function forgetTexts(): void {
  fixed.clear();
}

function isCountOnly(options: Options): boolean {
  if (typeof options !== 'object' || options === null || typeof options.count !== 'number') return false;
  for (const name in options) if (name !== 'count') return false;
  return true;
}
