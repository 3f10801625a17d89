import type { Change, DocState } from './protocol';

/**
 * Applies one change to a document by the merge rule: per field, the value with the greater clock
 * stamp wins; a delete is a tombstone that no edit undoes. The result does not depend on the order
 * in which changes arrive, and applying a change twice changes nothing.
 */
export function applyChange(doc: DocState | null, change: Pick<Change, 'collection' | 'docId' | 'hlc' | 'set' | 'deleted'>): DocState {
  const next: DocState = doc
    ? { ...doc, fields: { ...doc.fields }, versions: { ...doc.versions } }
    : { collection: change.collection, docId: change.docId, fields: {}, versions: {}, deleted: false };
  if (change.deleted) {
    next.deleted = true;
    if (!next.versions._deleted || change.hlc > next.versions._deleted) next.versions._deleted = change.hlc;
    return next;
  }
  for (const [field, value] of Object.entries(change.set ?? {})) {
    const current = next.versions[field];
    if (current === undefined || change.hlc > current) {
      next.fields[field] = value;
      next.versions[field] = change.hlc;
    }
  }
  return next;
}

/** Merges two states of one document; commutative, associative and idempotent. */
export function mergeDocs(a: DocState, b: DocState): DocState {
  let merged: DocState = { ...a, fields: { ...a.fields }, versions: { ...a.versions } };
  for (const [field, hlc] of Object.entries(b.versions)) {
    if (field === '_deleted') {
      merged = applyChange(merged, { collection: b.collection, docId: b.docId, hlc, deleted: true });
    } else {
      merged = applyChange(merged, { collection: b.collection, docId: b.docId, hlc, set: { [field]: b.fields[field] } });
    }
  }
  if (b.deleted) merged.deleted = true;
  return merged;
}

/**
 * A device's view of a document: the server's merged state with the device's own changes that the
 * server has not acknowledged yet laid on top. Once those are acknowledged, the device holds
 * exactly the server's state, so every device ends byte-identical whatever the server did to a
 * stamp (it may replace one from a clock it cannot believe).
 */
export function rebase(server: DocState | null, pending: readonly Change[]): DocState | null {
  let doc = server;
  for (const change of pending) doc = applyChange(doc, change);
  return doc;
}
