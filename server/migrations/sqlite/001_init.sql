-- Accounts, communities, documents and the change log. Applied once, in one transaction.
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
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('volunteer', 'staff', 'facilitator', 'coordinator', 'admin')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE user_communities (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  community_id TEXT NOT NULL REFERENCES communities(id),
  PRIMARY KEY (user_id, community_id)
);

-- Only a hash of each token is kept: a stolen database file does not let anyone sign in.
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

-- The merged current state of every document. seq orders changes for the pull cursor.
CREATE TABLE docs (
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  community_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  published INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  fields TEXT NOT NULL,
  versions TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (collection, doc_id)
);
CREATE INDEX docs_seq ON docs (seq);
CREATE INDEX docs_community_seq ON docs (community_id, seq);

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
