import type { Language } from '../core/model';

// Browsers without Kyrgyz locale data fall back to English patterns for "ky"; Kyrgyz writes dates
// as DD.MM.YYYY with a 24-hour clock, the same as Russian, so borrow Russian patterns then.
// English is written day first (en-GB): read beside Kyrgyz and Russian papers, 06/12/2026 must be
// the 6th of December there too, never June.
let kyLocale: string | null = null;
function intlLocale(lang: Language): string {
  if (lang === 'en') return 'en-GB';
  if (lang !== 'ky') return lang;
  kyLocale ??= Intl.DateTimeFormat.supportedLocalesOf(['ky']).length > 0 ? 'ky' : 'ru';
  return kyLocale;
}

// Making a formatter costs far more than using one, and a list formats a date on every row: each
// formatter is made once per locale and options, then kept.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat(locale, options)));
  return formatter;
}
function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat(locale, options)));
  return formatter;
}

const collators = new Map<Language, Intl.Collator>();
/**
 * Compares names as the reader's language orders them: one collator per language, made once. Its
 * first making loads ICU's data, a long task on a slow phone; a start that draws names in order
 * (the welcome screen's places) makes it in a task of its own first (first-reads.ts).
 */
export function nameOrder(lang: Language): (a: string, b: string) => number {
  let collator = collators.get(lang);
  if (!collator) collators.set(lang, (collator = new Intl.Collator(lang)));
  return collator.compare;
}

/** The options of the date formatDate shows, and formatDay's (a calendar date, no time zone). */
const DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
const DAY: Intl.DateTimeFormatOptions = { ...DATE, timeZone: 'UTC' };

/**
 * Makes the formatters most screens use at once (dates and numbers): the first one made loads ICU's
 * data for the language, a long task on a slow phone (~25 ms at 4× CPU, traced on an event's
 * screen). A start that opens a screen other than the library or the welcome makes them in a task
 * of its own first (first-reads.ts), not in the task that draws the screen.
 */
export function prepareFormats(lang: Language): void {
  const locale = intlLocale(lang);
  dateFormat(locale, DATE);
  dateFormat(locale, DAY);
  numberFormat(locale);
}

export function formatDate(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return dateFormat(intlLocale(lang), DATE).format(date);
}

export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return dateFormat(intlLocale(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

export function formatNumber(value: number, lang: Language): string {
  return numberFormat(intlLocale(lang)).format(value);
}

/** Bytes as the largest whole unit that fits; unit labels come from the caller's translations. */
export function splitBytes(bytes: number): { value: number; unit: 'B' | 'KB' | 'MB' | 'GB' } {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  return { value: Math.round(value * 10) / 10, unit: units[index]! };
}

/** A calendar date (YYYY-MM-DD, no time zone) shown as the reader writes dates. */
export function formatDay(ymd: string, lang: Language): string {
  const date = new Date(`${ymd}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return ymd;
  return dateFormat(intlLocale(lang), DAY).format(date);
}

/** A month (YYYY-MM) as digits (11.2026): short enough for a chart axis, and clear in every language. */
export function formatMonth(ym: string, lang: Language): string {
  const date = new Date(`${ym}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return ym;
  return dateFormat(intlLocale(lang), { month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/**
 * How long ago an ISO time was, as the largest unit that reads well: "just now" under a minute (never
 * "0 minutes ago"), minutes under an hour, hours under two days, days after that. Words come from the
 * caller's translations (Chromium has no Kyrgyz data for Intl.RelativeTimeFormat, so it cannot be
 * left to the browser).
 */
export function splitAge(iso: string, nowMs: number): { value: number; unit: 'justNow' | 'minutes' | 'hours' | 'days' } | null {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  // A phone whose clock ran ahead of the one that wrote the time sees it "in the future": just now.
  if (nowMs - ms < 60_000) return { value: 0, unit: 'justNow' };
  const minutes = Math.round((nowMs - ms) / 60_000);
  if (minutes < 60) return { value: minutes, unit: 'minutes' };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { value: hours, unit: 'hours' };
  return { value: Math.floor(hours / 24), unit: 'days' };
}

/** Looks up a translation of the `common` namespace in the reader's language. */
export type Translate = (key: string, values?: Record<string, string>) => string;

/** Whether this browser's Intl speaks the language itself (Chromium has no Kyrgyz month names). */
function intlSpeaks(lang: Language): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0;
}

function yearMonth(ym: string): { year: number; month: number; date: Date } | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(ym);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return { year, month, date: new Date(Date.UTC(year, month - 1, 1)) };
}

/**
 * A month's name as it stands beside a year ("март" in Russian, not "марта"): from the browser's Intl
 * when it knows the language, otherwise from the translation files, which hold CLDR's names (what
 * Intl would have given).
 */
function monthName(parsed: { month: number; date: Date }, lang: Language, t: Translate): string {
  if (!intlSpeaks(lang)) return t(`month.${parsed.month}`);
  const parts = dateFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).formatToParts(parsed.date);
  return parts.find((part) => part.type === 'month')?.value ?? t(`month.${parsed.month}`);
}

/**
 * A month (YYYY-MM) in words, as the reader writes it: "март 2024 г.", "March 2024", "2024-ж., март".
 * The pattern comes from the translation files (CLDR's, with a no-break space where a line must not
 * break: Chromium's Russian puts a plain one before "г.").
 */
export function formatMonthYear(ym: string, lang: Language, t: Translate): string {
  const parsed = yearMonth(ym);
  if (!parsed) return ym;
  return t('monthYear', { month: monthName(parsed, lang, t), year: String(parsed.year) });
}

/**
 * When something was done, from one month to another (YYYY-MM each, either may be missing): one
 * month when both are the same, the year said once when both fall in it ("March – November 2024").
 */
export function formatPeriod(from: string | undefined, to: string | undefined, lang: Language, t: Translate): string {
  const start = from ? yearMonth(from) : null;
  const end = to ? yearMonth(to) : null;
  if (start && end && from !== to) {
    const names = { from: monthName(start, lang, t), to: monthName(end, lang, t) };
    if (start.year === end.year) return t('periodSameYear', { ...names, year: String(start.year) });
    return t('periodYears', { ...names, fromYear: String(start.year), toYear: String(end.year) });
  }
  const one = from || to;
  return one ? formatMonthYear(one, lang, t) : '';
}

/**
 * A position that cannot be misread where the decimal mark is a comma: each number carries its degree
 * sign and its hemisphere ("39,97° с. ш., 70,85° в. д.", "39.97° N, 70.85° E"), never "39,97, 70,85".
 * Five decimals: about a metre, as precise as a pin placed by hand is kept.
 */
export function formatCoordinates(point: { lat: number; lng: number }, lang: Language, t: Translate): string {
  const number = numberFormat(intlLocale(lang), { maximumFractionDigits: 5 });
  const key = `coordinates.${point.lat < 0 ? 'south' : 'north'}_${point.lng < 0 ? 'west' : 'east'}`;
  // Not {{lat}}/{{lng}}: i18next reads an option named `lng` as the language to translate into.
  return t(key, { latitude: number.format(Math.abs(point.lat)), longitude: number.format(Math.abs(point.lng)) });
}

/**
 * A whole percentage (0–100) as the reader writes it: CLDR's patterns for the three languages
 * ("45%" in Kyrgyz and English, "45 %" with a no-break space in Russian), written out rather than
 * asked of Intl. A first visit shows it before anything else needs Intl, and Intl's first use
 * (ICU's locale data) costs a cheap phone a long task at the start (~200 ms at 4× CPU, traced).
 */
export function formatPercent(percent: number, lang: Language): string {
  const whole = String(Math.round(percent));
  return lang === 'ru' ? `${whole}\u00a0%` : `${whole}%`;
}
