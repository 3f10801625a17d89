import { decodeHlc } from '../src/core/hlc';
import { tracksConflicts, type DocState, type FieldConflict } from '../src/core/protocol';
import { canonicalJson } from './canonical-json';
import type { FieldWriter, LostValue, StoredDoc, WriteMeta } from './storage/types';

// The merge rule (src/core/merge.ts: per field, the greater stamp wins), with what the server keeps
// beside each value: who wrote it, what their phone had seen of the field, and the value it won over.
// Everything kept depends only on the set of writes, never on the order they arrive in.

export interface FieldWrite {
  collection: StoredDoc['collection'];
  docId: string;
  hlc: string;
  set: Record<string, unknown>;
  /** The sending phone did not make the stamp (see FieldWriter.relayed). */
  relayed?: boolean;
  /** Per field, the stamp the writer's phone had from the server (change.base). */
  base?: Record<string, string> | undefined;
  by: string;
}

/**
 * Applies a write. Per field: `writers` follows the winning write; `lost` keeps the best-stamped
 * write whose value differs from the winning one. Proof it does not depend on order: a new winner
 * either has the old winner's value (then the best differing write is the one already kept) or
 * not (then it is the old winner, stamped above everything before it); a write that loses only
 * replaces the kept one when it is better stamped and differs.
 */
export function applyFieldWrite(doc: DocState | null, meta: WriteMeta, write: FieldWrite): { state: DocState; meta: WriteMeta } {
  const state: DocState = doc
    ? { ...doc, fields: { ...doc.fields }, versions: { ...doc.versions } }
    : { collection: write.collection, docId: write.docId, fields: {}, versions: {}, deleted: false };
  const writers = { ...meta.writers };
  const lost = { ...meta.lost };
  for (const [field, value] of Object.entries(write.set)) {
    const current = state.versions[field];
    const base = write.base?.[field];
    const differs = current !== undefined && canonicalJson(value) !== canonicalJson(state.fields[field]);
    if (current === undefined || write.hlc > current) {
      if (differs && tracksConflicts(field)) lost[field] = { value: state.fields[field], hlc: current!, by: writers[field]?.by ?? '' };
      state.fields[field] = value;
      state.versions[field] = write.hlc;
      writers[field] = writerOf(write, base);
    } else if (write.hlc === current && !differs && writers[field]?.relayed && !write.relayed) {
      // The same write, now from the phone that made it: its sender wrote it (whatever the order).
      writers[field] = writerOf(write, base);
    } else if (write.hlc < current && differs && tracksConflicts(field) && (!lost[field] || write.hlc > lost[field].hlc)) {
      lost[field] = { value, hlc: write.hlc, by: write.by };
    }
  }
  return { state, meta: { ...(Object.keys(writers).length ? { writers } : {}), ...(Object.keys(lost).length ? { lost } : {}) } };
}

const writerOf = (write: FieldWrite, base: string | undefined): FieldWriter => ({
  by: write.by,
  ...(base ? { base } : {}),
  ...(write.relayed ? { relayed: true as const } : {}),
});

/**
 * The conflicts a reader is shown: a field whose kept losing value came from another phone than the
 * winning one, when the winner's phone had not seen it. A person who saw both and chose is not asked
 * again; a phone that overwrote its own earlier value has no conflict with itself.
 */
export async function visibleConflicts(
  doc: Pick<StoredDoc, 'versions' | 'meta'>,
  nameOf: (userId: string) => Promise<string>,
): Promise<Record<string, FieldConflict> | undefined> {
  const shown: Record<string, FieldConflict> = {};
  for (const [field, lost] of Object.entries(doc.meta.lost ?? {})) {
    if (!isVisible(doc, field, lost)) continue;
    shown[field] = { value: lost.value, hlc: lost.hlc, by: await nameOf(lost.by), winnerBy: await nameOf(doc.meta.writers?.[field]?.by ?? '') };
  }
  return Object.keys(shown).length ? shown : undefined;
}

function isVisible(doc: Pick<StoredDoc, 'versions' | 'meta'>, field: string, lost: LostValue): boolean {
  const winner = doc.versions[field];
  if (!winner) return false;
  if (decodeHlc(winner)?.node === decodeHlc(lost.hlc)?.node) return false;
  return (doc.meta.writers?.[field]?.base ?? '') < lost.hlc;
}
