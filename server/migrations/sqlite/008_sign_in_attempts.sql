-- Sign-in attempts per user name and per address, kept in the database so that several server
-- instances throttle together (server/auth.ts). An attempt is "pending" while its password is
-- checked, then "failed" or gone.
CREATE TABLE sign_in_attempts (
  attempt TEXT NOT NULL,
  key TEXT NOT NULL,
  at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),
  PRIMARY KEY (attempt, key)
);
CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, at);
