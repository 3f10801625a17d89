import type { DocState } from '../core/protocol';
import type { Collection } from '../core/model';
import type { LocalDoc } from './database';

// A record as the phone keeps it (fields, `_v`, `_deleted` side by side) and as the protocol and the
// merge rule see it (fields, versions and the tombstone apart). Both sync and backup files cross
// between the two here, so a record means the same thing however it arrived.

export function toLocalDoc(doc: DocState): LocalDoc<never> {
  return { ...doc.fields, id: doc.docId, _v: doc.versions, _deleted: doc.deleted ? 1 : 0 } as unknown as LocalDoc<never>;
}

export function fromLocalDoc(collection: Collection, row: LocalDoc<{ id: string }>): DocState {
  const { id, _v, _deleted, ...fields } = row;
  return { collection, docId: id, fields: fields as Record<string, unknown>, versions: { ..._v }, deleted: _deleted === 1 };
}
