import type { Table } from 'dexie';

/**
 * The rows whose `index` holds any of `values`, each once. One equality read per value, all sent at
 * once: Dexie reads an equality range in one request (getAll), while `anyOf` walks a cursor a record
 * at a time, one round trip each — ten times slower over 15,000 participants on a slow phone
 * (bench:workshops), and the most of a circle's first paint (bench:practice). A row found under two
 * values of a multi-entry index comes once.
 */
export async function whereAnyOf<T extends { id: string }>(table: Table<T, string>, index: string, values: Iterable<string>): Promise<T[]> {
  const keys = [...new Set(values)];
  // In one transaction: a transaction each would cost more than the reads.
  const groups = await table.db.transaction('r', table, () => Promise.all(keys.map((value) => table.where(index).equals(value).toArray())));
  if (groups.length < 2 || !table.schema.idxByName[index]?.multi) return groups.flat();
  return [...new Map(groups.flat().map((row) => [row.id, row])).values()];
}
