import type { Language } from '../core/model';

// Browsers without Kyrgyz locale data fall back to English patterns for "ky"; Kyrgyz writes dates
// as DD.MM.YYYY with a 24-hour clock, the same as Russian, so borrow Russian patterns then.
function intlLocale(lang: Language): string {
  if (lang !== 'ky') return lang;
  return Intl.DateTimeFormat.supportedLocalesOf(['ky']).length > 0 ? 'ky' : 'ru';
}

export function formatDate(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(intlLocale(lang), { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(intlLocale(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang)).format(value);
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
  return new Intl.DateTimeFormat(intlLocale(lang), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A month (YYYY-MM) as digits (11.2026): short enough for a chart axis, and clear in every language. */
export function formatMonth(ym: string, lang: Language): string {
  const date = new Date(`${ym}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return ym;
  return new Intl.DateTimeFormat(intlLocale(lang), { month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/**
 * How long ago an ISO time was, as the largest unit that reads well: minutes under an hour, hours
 * under two days, days after that. Words come from the caller's translations (Chromium has no
 * Kyrgyz data for Intl.RelativeTimeFormat, so it cannot be left to the browser).
 */
export function splitAge(iso: string, nowMs: number): { value: number; unit: 'minutes' | 'hours' | 'days' } | null {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  const minutes = Math.max(0, Math.round((nowMs - ms) / 60_000));
  if (minutes < 60) return { value: minutes, unit: 'minutes' };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { value: hours, unit: 'hours' };
  return { value: Math.floor(hours / 24), unit: 'days' };
}

/** A whole percentage (0–100) as the reader writes it ("45%", "45 %"). */
export function formatPercent(percent: number, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}
