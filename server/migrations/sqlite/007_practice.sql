-- Circles of practice: a user's position (a circle followed by default, shown on their posts), and
-- a person's follows found by their author.
ALTER TABLE users ADD COLUMN position TEXT;
CREATE INDEX docs_collection_created_by ON docs (collection, created_by);
