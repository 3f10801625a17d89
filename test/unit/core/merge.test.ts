import { describe, expect, it } from 'vitest';
import { applyChange, mergeDocs, rebase } from '../../../src/core/merge';
import type { Change, DocState } from '../../../src/core/protocol';

const base = { collection: 'assets' as const, docId: 'doc' };
const set = (id: string, hlc: string, fields: Record<string, unknown>): Change => ({ ...base, id, hlc, set: fields });
const del = (id: string, hlc: string): Change => ({ ...base, id, hlc, deleted: true });

function replay(changes: Change[]): DocState | null {
  return changes.reduce<DocState | null>((doc, change) => applyChange(doc, change), null);
}

const changes = [
  set('1', '000000000000001:0000:a', { name: 'A', description: 'first' }),
  set('2', '000000000000002:0000:b', { name: 'B' }),
  set('3', '000000000000002:0000:a', { description: 'second' }),
  set('4', '000000000000003:0000:c', { tags: ['x'] }),
];

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('per-field last-writer-wins merge', () => {
  it('gives the same document in every order of arrival, and with duplicates', () => {
    const expected = replay(changes);
    expect(expected!.fields).toEqual({ name: 'B', description: 'second', tags: ['x'] });
    for (const order of permutations(changes)) expect(replay([...order, order[0]!])).toEqual(expected);
  });

  it('keeps a delete as a tombstone that later edits do not undo', () => {
    const withDelete = [...changes, del('5', '000000000000001:0005:a')];
    for (const order of permutations(withDelete).slice(0, 60)) expect(replay(order)!.deleted).toBe(true);
  });

  it('merges whole states commutatively and idempotently', () => {
    const left = replay([changes[0]!, changes[2]!])!;
    const right = replay([changes[1]!, changes[3]!])!;
    expect(mergeDocs(left, right)).toEqual(mergeDocs(right, left));
    expect(mergeDocs(left, left)).toEqual(left);
    expect(mergeDocs(left, right).fields).toEqual(replay(changes)!.fields);
  });

  it('lays pending local changes over the server state', () => {
    const server = replay(changes.slice(0, 2));
    const view = rebase(server, [set('9', '000000000000009:0000:me', { name: 'Mine' })]);
    expect(view!.fields.name).toBe('Mine');
    expect(rebase(server, [])).toEqual(server);
  });
});
