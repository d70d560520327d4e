-- Steward schema 33: the items of toolkits applied (issue #20, docs/toolkit.md).
-- One row per bundle item ever applied, by its stable key: the toolkit and
-- section it came from, its version, the record it made (by name), a hash
-- of the item as it was applied (item_hash) and of the record as the apply
-- left it (record_hash, the record's canonical export).  A record whose
-- canonical export no longer hashes to record_hash was changed locally and
-- is kept by the next apply unless forced.
CREATE TABLE toolkit_items (
  item_key TEXT PRIMARY KEY,
  toolkit TEXT NOT NULL,
  section TEXT NOT NULL,
  version INTEGER NOT NULL,
  record_name TEXT NOT NULL,
  item_hash TEXT NOT NULL,
  record_hash TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);
