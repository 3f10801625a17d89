-- Who may read each document (server/audience.ts). `audience` is its keys now; doc_audience has one
-- row per key it has now (current = 1) or had before (current = 0), with the document's seq, so a
-- pull finds the documents under a reader's keys in seq order, and a reader who held a document
-- under a key it no longer has is told to remove its copy. This replaces `was_published`.
ALTER TABLE docs ADD COLUMN audience TEXT NOT NULL DEFAULT '[]';
-- The event a participant or follow-up action belongs to: its sharing covers them.
ALTER TABLE docs ADD COLUMN event_id TEXT;
-- Per field, who wrote the value and what they had seen of it, and the value it won over (conflicts).
ALTER TABLE docs ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';

CREATE TABLE doc_audience (
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  key TEXT NOT NULL,
  current INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (collection, doc_id, key)
);
CREATE INDEX doc_audience_key_seq ON doc_audience (key, seq);

UPDATE docs SET event_id = json_extract(fields, '$.workshopId')
  WHERE collection IN ('participants', 'actions') AND json_type(fields, '$.workshopId') = 'text';
CREATE INDEX docs_event ON docs (event_id) WHERE event_id IS NOT NULL;

INSERT INTO doc_audience (collection, doc_id, key, current, seq)
  SELECT collection, doc_id, 'community:' || community_id, 1, seq FROM docs;
INSERT OR IGNORE INTO doc_audience (collection, doc_id, key, current, seq)
  SELECT collection, doc_id, 'all', 1, seq FROM docs WHERE collection = 'applications' OR (collection = 'caseStudies' AND published = 1);
INSERT OR IGNORE INTO doc_audience (collection, doc_id, key, current, seq)
  SELECT collection, doc_id, 'all', 0, seq FROM docs WHERE collection = 'caseStudies' AND was_published = 1 AND published = 0;
INSERT OR IGNORE INTO doc_audience (collection, doc_id, key, current, seq)
  SELECT collection, doc_id, 'community:' || json_extract(fields, '$.ownerCommunityId'), 1, seq FROM docs
  WHERE collection = 'actions' AND json_type(fields, '$.ownerCommunityId') = 'text';
UPDATE docs SET audience = (
  SELECT json_group_array(key) FROM (
    SELECT key FROM doc_audience a WHERE a.collection = docs.collection AND a.doc_id = docs.doc_id AND a.current = 1 ORDER BY key
  )
);

-- Each stretch of the server's history: a new one begins at every start and every restore, at the
-- seq it continues from. A cursor names the stretch it was made in and how far the history went; a
-- cursor from a stretch this database does not have, or from further than it went, comes from a
-- history the database lost (it was restored from an older copy), and the phone sends what it
-- holds again.
CREATE TABLE epochs (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  first_seq INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  reason TEXT NOT NULL
);
