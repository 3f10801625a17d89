-- The sets of audience keys pull cursors were made under, by a hash of the sorted keys: a cursor
-- carries the hash (a few bytes on every sync), and the keys are looked up only when a reader's
-- keys changed since, to tell what they gained and lost (server/cursor.ts).
CREATE TABLE key_sets (
  hash TEXT PRIMARY KEY,
  keys TEXT NOT NULL
);
