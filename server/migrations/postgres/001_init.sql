-- The whole schema as SQLite's migrations 001–008 left it, for PostgreSQL (a new backend has no
-- history to replay). Applied once, in one transaction, under the migration lock. JSON columns stay
-- text: the server writes them in a canonical key order (server/canonical-json.ts) that jsonb would
-- not keep.
CREATE TABLE communities (
  id TEXT PRIMARY KEY,
  name_ky TEXT NOT NULL DEFAULT '',
  name_ru TEXT NOT NULL DEFAULT '',
  name_en TEXT NOT NULL DEFAULT '',
  rayon_id TEXT,
  code TEXT UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('volunteer', 'staff', 'facilitator', 'coordinator', 'admin')),
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TEXT NOT NULL,
  position TEXT
);
-- User names are unique whatever their letter case, as in SQLite (COLLATE NOCASE).
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE user_communities (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  community_id TEXT NOT NULL REFERENCES communities(id),
  PRIMARY KEY (user_id, community_id)
);

-- Only a hash of each token is kept: a stolen database does not let anyone sign in.
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  device_name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);

-- The merged current state of every document. seq orders changes for the pull cursor; it is taken
-- from the counter row `server_state.seq`, whose lock every writing transaction holds to commit
-- (docs/several-instances.md), so that seq order is commit order.
CREATE TABLE docs (
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  community_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  published BOOLEAN NOT NULL DEFAULT FALSE,
  was_published BOOLEAN NOT NULL DEFAULT FALSE,
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  fields TEXT NOT NULL,
  versions TEXT NOT NULL,
  seq BIGINT NOT NULL,
  audience TEXT NOT NULL DEFAULT '[]',
  event_id TEXT,
  meta TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (collection, doc_id)
);
CREATE INDEX docs_seq ON docs (seq);
CREATE INDEX docs_event ON docs (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX docs_collection_created_by ON docs (collection, created_by);

-- Who may read each document now (current) and before (not current), with its seq (server/audience.ts).
CREATE TABLE doc_audience (
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  key TEXT NOT NULL,
  current BOOLEAN NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (collection, doc_id, key)
);
CREATE INDEX doc_audience_key_seq ON doc_audience (key, seq);

-- Every applied change, once: a retried push finds its change here and is acked without effect.
CREATE TABLE changes (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  received_at TEXT NOT NULL
);

CREATE TABLE server_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO server_state (key, value) VALUES ('seq', '0');

-- Who may fetch a file (server/blob-access.ts).
CREATE TABLE blob_uploads (
  hash TEXT NOT NULL,
  user_id TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  size BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (hash, user_id)
);
CREATE INDEX blob_uploads_user_time ON blob_uploads (user_id, uploaded_at);

CREATE TABLE blob_refs (
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  added_by TEXT NOT NULL,
  vouched BOOLEAN NOT NULL,
  PRIMARY KEY (collection, doc_id, hash)
);
CREATE INDEX blob_refs_hash ON blob_refs (hash);

-- Each stretch of the server's history (server/cursor.ts).
CREATE TABLE epochs (
  position BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  first_seq BIGINT NOT NULL,
  started_at TEXT NOT NULL,
  reason TEXT NOT NULL
);

CREATE TABLE key_sets (
  hash TEXT PRIMARY KEY,
  keys TEXT NOT NULL
);

-- Sign-in attempts per user name and per address (server/auth.ts).
CREATE TABLE sign_in_attempts (
  attempt TEXT NOT NULL,
  key TEXT NOT NULL,
  at BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),
  PRIMARY KEY (attempt, key)
);
CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, at);
