import { FIELD_SCHEMAS } from '../src/core/protocol';
import type { Collection } from '../src/core/model';

/**
 * JSON with every object's keys in sorted order: the same value gives the same text, for comparing
 * values whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

const SERVER_FIELDS = ['createdBy', 'communityName', 'rayonCode'];
const TRAILING = ['communityId', 'createdAt', 'updatedAt'];

/**
 * A document's fields (or anything keyed by its fields: versions, who wrote each) as stored: the
 * keys in the order the collection declares its fields, then the server's own, then any other
 * sorted. Whatever order the writes arrived in, the stored text is the same; and every document of
 * a collection lists its fields alike, which compresses far better in a pull than sorted keys (the
 * long texts stay together, after the short fields). A value is kept as the write that won it had
 * it, its own keys included: one write sets it whole.
 */
export function inFieldOrder<T>(collection: Collection, record: Record<string, T>): Record<string, T> {
  const own = Object.keys(FIELD_SCHEMAS[collection]).filter((key) => !TRAILING.includes(key));
  const declared = [...own, ...TRAILING, ...SERVER_FIELDS, '_deleted'];
  const rank = (key: string) => {
    const index = declared.indexOf(key);
    return index < 0 ? declared.length : index;
  };
  const keys = Object.keys(record).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, record[key]!]));
}
