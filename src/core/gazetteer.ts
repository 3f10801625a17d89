import type { AdminUnit, LocalizedName } from './model';

// COATE codes are 14 digits beginning with the country prefix 417. OCHA's COD-AB P-codes for
// Kyrgyzstan are "KG" + the COATE digits after 417, sometimes cut short at the level's own digits
// (KG06 for Osh oblast, KG06255 for Özgön district, KG06255000000 in full).
const COATE = /^417\d{11}$/;
const PCODE = /^KG\d{2,11}$/;

export function isCoate(code: string): boolean {
  return COATE.test(code);
}

/** The COATE code a P-code stands for, padded with zeros to 14 digits; null when it is not a P-code. */
export function pcodeToCoate(pcode: string): string | null {
  const clean = pcode.trim().toUpperCase();
  if (!PCODE.test(clean)) return null;
  return ('417' + clean.slice(2)).padEnd(14, '0');
}

/** Finds the rayon or city an ADM2 (or ADM1 for the two big cities) entry names. */
export function findRayon(
  units: readonly AdminUnit[],
  ref: { pcode?: string | undefined; nameEn?: string | undefined; nameKy?: string | undefined; nameRu?: string | undefined },
): AdminUnit | null {
  const coate = ref.pcode ? pcodeToCoate(ref.pcode) : null;
  const rayonsAndCities = units.filter((unit) => unit.level !== 'oblast');
  if (coate) {
    const byCode = rayonsAndCities.find((unit) => unit.code === coate);
    if (byCode) return byCode;
  }
  const wanted = [ref.nameEn, ref.nameKy, ref.nameRu].filter(Boolean).map((name) => foldName(name!));
  if (wanted.length === 0) return null;
  return rayonsAndCities.find((unit) => [unit.name.en, unit.name.ky, unit.name.ru].some((name) => wanted.includes(foldName(name)))) ?? null;
}

/**
 * A name folded for matching: lower case, Kyrgyz letters typed on a Russian keyboard matched to
 * their plain look-alikes, hyphens and spaces ignored, and the words "district"/"району"/"район"
 * dropped, so "Kara-Suu District", "Кара-Суу району" and "Карасуу" all meet.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[өѳ]/g, 'о')
    .replace(/[үγ]/g, 'у')
    .replace(/ң/g, 'н')
    .replace(/ё/g, 'е')
    .replace(/\b(district|rayon|raion)\b/g, '')
    .replace(/(району|районы|район|ский|ская|ское)(?=\s|$)/g, '')
    .replace(/[\s\-‐–—'’ʼ.,()]/g, '');
}

export interface ImportedCommunity {
  line: number;
  code: string;
  rayonCode: string;
  name: LocalizedName;
}

export interface ImportProblem {
  line: number;
  /** Translation key in the "gazetteer" namespace. */
  reason: 'missing_pcode' | 'bad_pcode' | 'missing_name' | 'unknown_rayon' | 'duplicate' | 'outside_rayon' | 'too_long';
  detail: string;
}

export const REQUIRED_COLUMNS = ['ADM2_PCODE', 'ADM3_PCODE', 'ADM3_EN', 'ADM3_KY', 'ADM3_RU'] as const;

/**
 * Turns the rows of an OCHA COD-AB admin-3 table into communities. Each bad row is reported with its
 * line number and skipped; the good rows are returned, so one typo never blocks a whole import.
 */
export function readCommunityRows(
  rows: readonly { line: number; cells: Record<string, string | undefined> }[],
  units: readonly AdminUnit[],
): { communities: ImportedCommunity[]; problems: ImportProblem[] } {
  const communities: ImportedCommunity[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of rows) {
    const cell = (name: string) => (cells[name] ?? '').trim();
    const pcode = cell('ADM3_PCODE').toUpperCase();
    const name = { ky: cell('ADM3_KY'), ru: cell('ADM3_RU'), en: cell('ADM3_EN') };
    if (!pcode) {
      problems.push({ line, reason: 'missing_pcode', detail: '' });
      continue;
    }
    const coate = pcodeToCoate(pcode);
    if (!coate) {
      problems.push({ line, reason: 'bad_pcode', detail: pcode });
      continue;
    }
    if (!name.ky && !name.ru && !name.en) {
      problems.push({ line, reason: 'missing_name', detail: pcode });
      continue;
    }
    if ([name.ky, name.ru, name.en].some((text) => text.length > 200)) {
      problems.push({ line, reason: 'too_long', detail: pcode });
      continue;
    }
    const rayon = findRayon(units, {
      pcode: cell('ADM2_PCODE') || undefined,
      nameEn: cell('ADM2_EN') || undefined,
      nameKy: cell('ADM2_KY') || undefined,
      nameRu: cell('ADM2_RU') || undefined,
    });
    if (!rayon) {
      problems.push({ line, reason: 'unknown_rayon', detail: cell('ADM2_PCODE') || cell('ADM2_EN') });
      continue;
    }
    if (!coate.startsWith(significantPrefix(rayon.code))) {
      problems.push({ line, reason: 'outside_rayon', detail: `${pcode} / ${cell('ADM2_PCODE')}` });
      continue;
    }
    if (seen.has(pcode)) {
      problems.push({ line, reason: 'duplicate', detail: pcode });
      continue;
    }
    seen.add(pcode);
    communities.push({ line, code: pcode, rayonCode: rayon.code, name });
  }
  return { communities, problems };
}

/** The leading digits that identify a unit: a rayon's 8 (417 + oblast + rayon), a city's 5. */
function significantPrefix(code: string): string {
  return code.replace(/0+$/, '').padEnd(5, '0');
}

/** The oblast (or city of republican significance) a COATE code lies in: COATE is hierarchical. */
export function oblastOf(code: string | null | undefined): string | null {
  return code && /^\d{14}$/.test(code) ? code.slice(0, 5).padEnd(14, '0') : null;
}
