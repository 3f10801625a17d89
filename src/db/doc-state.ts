import type { DocState } from '../core/protocol';
import type { Collection } from '../core/model';
import type { LocalDoc } from './database';

// A record as the phone keeps it (fields, `_v`, `_deleted` side by side) and as the protocol and the
// merge rule see it (fields, versions and the tombstone apart). Both sync and backup files cross
// between the two here, so a record means the same thing however it arrived.

/** Fields the phone keeps beside a record's own, never sent as part of it. */
export const LOCAL_FIELDS = new Set(['id', '_v', '_deleted', '_sv', '_c']);

/**
 * The phone's row for a document. `server` is the state the server sent, when `doc` is that state
 * with this phone's unsent changes laid on top: its stamps become the row's `_sv`, and its conflicts
 * the row's `_c`.
 */
export function toLocalDoc(doc: DocState, server?: DocState): LocalDoc<never> {
  const row: Record<string, unknown> = { ...doc.fields, id: doc.docId, _v: doc.versions, _deleted: doc.deleted ? 1 : 0 };
  if (server) row._sv = server.versions;
  if (server?.conflicts) row._c = server.conflicts;
  return row as unknown as LocalDoc<never>;
}

export function fromLocalDoc(collection: Collection, row: LocalDoc<{ id: string }>): DocState {
  const { id, _v, _deleted, _sv: _server, _c: _conflicts, ...fields } = row;
  return { collection, docId: id, fields: fields as Record<string, unknown>, versions: { ..._v }, deleted: _deleted === 1 };
}
