-- Who may fetch a file (server/blob-access.ts): whoever sent its bytes, and the readers of a record
-- that lists it, when the one who listed it had the file.
CREATE TABLE blob_uploads (
  hash TEXT NOT NULL,
  user_id TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (hash, user_id)
);

-- The files each record lists now. `vouched` is 1 when `added_by` could already fetch the file
-- when listing it; otherwise the listing counts once `added_by` has uploaded the file.
CREATE TABLE blob_refs (
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  added_by TEXT NOT NULL,
  vouched INTEGER NOT NULL,
  PRIMARY KEY (collection, doc_id, hash)
);
CREATE INDEX blob_refs_hash ON blob_refs (hash);

-- Records stored before this migration keep their files readable to their readers.
INSERT OR IGNORE INTO blob_refs (collection, doc_id, hash, added_by, vouched)
  SELECT docs.collection, docs.doc_id, json_extract(item.value, '$.hash'), docs.created_by, 1
  FROM docs, json_each(docs.fields, '$.photos') AS item
  WHERE docs.deleted = 0 AND json_type(docs.fields, '$.photos') = 'array' AND json_extract(item.value, '$.hash') IS NOT NULL;
INSERT OR IGNORE INTO blob_refs (collection, doc_id, hash, added_by, vouched)
  SELECT docs.collection, docs.doc_id, json_extract(item.value, '$.hash'), docs.created_by, 1
  FROM docs, json_each(docs.fields, '$.attachments') AS item
  WHERE docs.deleted = 0 AND json_type(docs.fields, '$.attachments') = 'array' AND json_extract(item.value, '$.hash') IS NOT NULL;
