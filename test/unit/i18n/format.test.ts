import i18next from 'i18next';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Language } from '../../../src/core/model';
import {
  formatCoordinates,
  formatDate,
  formatDateTime,
  formatDay,
  formatMonthYear,
  formatPercent,
  formatPeriod,
  nameOrder,
  splitAge,
  type Translate,
} from '../../../src/i18n/format';

// The real translation files through a real i18next, as the app uses them.
const instance = i18next.createInstance();
const words = {} as Record<Language, Translate>;
beforeAll(async () => {
  const common = (lang: Language) => JSON.parse(readFileSync(join(__dirname, `../../../locales/${lang}/common.json`), 'utf8')) as object;
  await instance.init({
    resources: { ky: { common: common('ky') }, ru: { common: common('ru') }, en: { common: common('en') } },
    defaultNS: 'common',
    interpolation: { escapeValue: false },
  });
  for (const lang of ['ky', 'ru', 'en'] as const) {
    const t = instance.getFixedT(lang, 'common');
    words[lang] = (key, values) => t(key, values ?? {});
  }
});

/**
 * As in Chromium, whose Intl has no Kyrgyz data: it does not list "ky" and writes English for it.
 * (Node's full ICU has Kyrgyz: the fallback is compared with what it writes.)
 */
function browserWithoutKyrgyz() {
  const withoutKyrgyz = (locales?: string | readonly string[]) => [locales ?? []].flat().map((locale) => (locale.startsWith('ky') ? 'en-US' : locale));
  const Real = Intl.DateTimeFormat;
  class ChromiumDateTimeFormat extends Real {
    constructor(locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
      super(withoutKyrgyz(locales), options);
    }
    static override supportedLocalesOf(locales: string | string[], options?: { localeMatcher?: 'lookup' | 'best fit' }): string[] {
      return Real.supportedLocalesOf(locales, options).filter((locale) => !locale.startsWith('ky'));
    }
  }
  vi.stubGlobal('Intl', Object.assign(Object.create(Intl) as typeof Intl, { DateTimeFormat: ChromiumDateTimeFormat }));
}
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a period of months', () => {
  it('is written in words, the year once when both months fall in it', () => {
    expect(formatPeriod('2024-03', '2024-11', 'en', words.en)).toBe('March – November 2024');
    expect(formatPeriod('2024-03', '2025-02', 'en', words.en)).toBe('March 2024 – February 2025');
    // "г." never starts a line of its own: a no-break space holds it to the year.
    expect(formatPeriod('2024-03', '2024-11', 'ru', words.ru)).toBe('март – ноябрь 2024\u00a0г.');
    expect(formatPeriod('2024-11', '2025-02', 'ru', words.ru)).toBe('ноябрь 2024\u00a0г. – февраль 2025\u00a0г.');
    expect(formatPeriod('2024-03', '2024-03', 'en', words.en)).toBe('March 2024');
    expect(formatPeriod('2024-03', undefined, 'ru', words.ru)).toBe('март 2024\u00a0г.');
    expect(formatPeriod(undefined, '2024-11', 'en', words.en)).toBe('November 2024');
    expect(formatPeriod(undefined, undefined, 'en', words.en)).toBe('');
  });

  it('falls back to the translation files in a browser with no Kyrgyz month names, writing what CLDR would', () => {
    // What Node's full ICU writes for Kyrgyz, read before the browser is made to lack it.
    const kyrgyz = new Intl.DateTimeFormat('ky', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const month = (year: number, index: number) => new Date(Date.UTC(year, index, 1));
    const cldr = Array.from({ length: 12 }, (_, index) => kyrgyz.format(month(2024, index)));
    const sameYear = kyrgyz.formatRange(month(2024, 2), month(2024, 10));
    const twoYears = kyrgyz.formatRange(month(2024, 2), month(2025, 1));
    expect([cldr[2], sameYear]).toEqual(['2024-ж., март', 'март – ноябрь, 2024-ж.']);
    const written = () => [
      ...Array.from({ length: 12 }, (_, index) => formatMonthYear(`2024-${String(index + 1).padStart(2, '0')}`, 'ky', words.ky)),
      formatPeriod('2024-03', '2024-11', 'ky', words.ky),
      formatPeriod('2024-03', '2025-02', 'ky', words.ky),
    ];
    // With Intl's Kyrgyz month names (Node) and without them (Chromium): the same, CLDR's, text.
    expect(written()).toEqual([...cldr, sameYear, twoYears]);
    browserWithoutKyrgyz();
    expect(Intl.DateTimeFormat.supportedLocalesOf(['ky'])).toEqual([]);
    expect(new Intl.DateTimeFormat('ky', { month: 'long', timeZone: 'UTC' }).format(month(2024, 2))).toBe('March');
    expect(written()).toEqual([...cldr, sameYear, twoYears]);
  });

  it('shows a value it cannot read as it is, rather than a wrong date', () => {
    expect(formatMonthYear('2024-13', 'en', words.en)).toBe('2024-13');
    expect(formatMonthYear('March', 'ky', words.ky)).toBe('March');
  });
});

describe('dates as digits', () => {
  it('are written day first in every language, so 6 December is never read as 12 June', () => {
    browserWithoutKyrgyz();
    expect(formatDay('2026-12-06', 'ky')).toBe('06.12.2026');
    expect(formatDay('2026-12-06', 'ru')).toBe('06.12.2026');
    expect(formatDay('2026-12-06', 'en')).toBe('06/12/2026');
    expect(formatDate('2026-01-15T10:00:00Z', 'en')).toBe('15/01/2026');
    expect(formatDateTime('2026-01-15T10:05:00Z', 'en')).toMatch(/^15\/01\/2026,? \d\d:05$/);
  });
});

describe('a percentage', () => {
  it('is written as CLDR writes it in each language, without asking Intl', () => {
    const locales: Record<Language, string> = { ky: 'ky', ru: 'ru', en: 'en-GB' };
    const cases = (['ky', 'ru', 'en'] as const).flatMap((lang) => [0, 7, 45, 99.6, 100].map((percent) => ({ lang, percent })));
    const asked = vi.spyOn(Intl, 'NumberFormat');
    const written = cases.map(({ lang, percent }) => formatPercent(percent, lang));
    expect(asked).not.toHaveBeenCalled();
    asked.mockRestore();
    expect(written).toEqual(
      cases.map(({ lang, percent }) => new Intl.NumberFormat(locales[lang], { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100)),
    );
    expect(formatPercent(45, 'ru')).toBe('45\u00a0%');
  });
});

describe('names in order', () => {
  it('are ordered as the reader’s language orders them, by one collator per language made once', () => {
    const names = ['Үч-Терек', 'Ош', 'Өзгөн', 'Ак-Суу', 'Ноокат', 'Ыссык-Ата'];
    expect([...names].sort(nameOrder('ky'))).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ky')));
    // The same collator's compare each time (a collator keeps one bound compare function).
    expect(nameOrder('ky')).toBe(nameOrder('ky'));
    expect(nameOrder('ru')).not.toBe(nameOrder('ky'));
    expect(['b', 'a', 'C'].sort(nameOrder('en'))).toEqual(['a', 'b', 'C']);
  });
});

describe('coordinates', () => {
  it('cannot be misread with a decimal comma: each number has its degree sign and hemisphere', () => {
    browserWithoutKyrgyz();
    const batken = { lat: 39.97, lng: 70.85 };
    expect(formatCoordinates(batken, 'ru', words.ru)).toBe('39,97° с. ш., 70,85° в. д.');
    expect(formatCoordinates(batken, 'ky', words.ky)).toBe('39,97° түндүк кеңдик, 70,85° чыгыш узундук');
    expect(formatCoordinates(batken, 'en', words.en)).toBe('39.97° N, 70.85° E');
    for (const lang of ['ky', 'ru', 'en'] as const) expect(formatCoordinates(batken, lang, words[lang])).not.toMatch(/\d, \d/);
  });

  it('keep about a metre of precision and name the southern and western hemispheres', () => {
    expect(formatCoordinates({ lat: 42.8746212, lng: 74.5697617 }, 'en', words.en)).toBe('42.87462° N, 74.56976° E');
    expect(formatCoordinates({ lat: -33.9, lng: -70.6 }, 'en', words.en)).toBe('33.9° S, 70.6° W');
    expect(formatCoordinates({ lat: -33.9, lng: 18.4 }, 'ru', words.ru)).toBe('33,9° ю. ш., 18,4° в. д.');
  });
});

describe('how long ago', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');
  it('says "just now" under a minute, never "0 minutes ago"', () => {
    expect(splitAge('2026-11-23T12:00:00.000Z', now)).toEqual({ value: 0, unit: 'justNow' });
    expect(splitAge('2026-11-23T11:59:01.000Z', now)).toEqual({ value: 0, unit: 'justNow' });
    expect(splitAge('2026-11-23T11:59:00.000Z', now)).toEqual({ value: 1, unit: 'minutes' });
  });
});
