-- A case study once published and then taken back must disappear from every device that read it,
-- so the server remembers that it was ever published: those devices are sent a withdrawal.
ALTER TABLE docs ADD COLUMN was_published INTEGER NOT NULL DEFAULT 0;
UPDATE docs SET was_published = published;
CREATE INDEX docs_shared_seq ON docs (collection, was_published, seq);
