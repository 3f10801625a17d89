import type { Collection, Position } from '../../src/core/model';
import { inFieldOrder } from '../canonical-json';
import type { CommunityRecord, DocToStore, Role, StoredDoc, UserRecord, WriteMeta } from './types';

// The rows both databases keep, under the same column names, and what they mean: SQLite hands back
// 0/1 and numbers where PostgreSQL hands back booleans and (for BIGINT) strings.

export interface DocRow {
  collection: Collection;
  doc_id: string;
  community_id: string;
  created_by: string;
  deleted: number | boolean;
  fields: string;
  versions: string;
  seq: number | string;
  audience: string;
  event_id: string | null;
  meta: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number | boolean;
  position: string | null;
}

export const toDoc = (row: DocRow): StoredDoc => ({
  collection: row.collection,
  docId: row.doc_id,
  communityId: row.community_id,
  createdBy: row.created_by,
  deleted: Boolean(row.deleted),
  fields: JSON.parse(row.fields) as Record<string, unknown>,
  versions: JSON.parse(row.versions) as Record<string, string>,
  seq: Number(row.seq),
  audience: JSON.parse(row.audience) as string[],
  eventId: row.event_id,
  meta: JSON.parse(row.meta) as WriteMeta,
});

export const toUser = (row: UserRow, communityIds: string[]): UserRecord => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: Boolean(row.disabled),
  position: (row.position ?? null) as Position | null,
  communityIds,
});

export const toCommunity = (row: Record<string, unknown>): CommunityRecord => ({
  id: row.id as string,
  name: { ky: (row.name_ky as string | null) ?? '', ru: (row.name_ru as string | null) ?? '', en: (row.name_en as string | null) ?? '' },
  rayonId: (row.rayon_id as string | null) ?? null,
  code: (row.code as string | null) ?? null,
  createdAt: row.created_at as string,
});

/**
 * A document's columns as both databases store them: its JSON in the fields' canonical order (the
 * same changes in any order store the same bytes), its audience sorted without repeats.
 */
export function docColumns(doc: DocToStore) {
  return {
    published: doc.collection === 'caseStudies' && doc.fields.status === 'published',
    fields: JSON.stringify(inFieldOrder(doc.collection, doc.fields)),
    versions: JSON.stringify(inFieldOrder(doc.collection, doc.versions)),
    audience: [...new Set(doc.audience)].sort(),
    meta: JSON.stringify(metaInFieldOrder(doc.collection, doc.meta)),
  };
}

/** Who wrote each field and the values kept, in the fields' order (see inFieldOrder). */
function metaInFieldOrder(collection: Collection, meta: WriteMeta): WriteMeta {
  return {
    ...(meta.lost ? { lost: inFieldOrder(collection, meta.lost) } : {}),
    ...(meta.writers ? { writers: inFieldOrder(collection, meta.writers) } : {}),
  };
}
