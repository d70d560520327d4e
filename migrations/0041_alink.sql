-- Steward schema 41: uploads made before their request exists (issue
-- #15).  The portal uploads an attachment variable's file first; it waits
-- here, owned by its uploader, until an order names it ("upload:<id>")
-- and moves it into attachments in the order's transaction, or until it
-- expires and the scheduler removes it.  (Approval links need no table of
-- their own: they are action_links rows of purpose 'approval'.)
CREATE TABLE pending_uploads (
  id INTEGER PRIMARY KEY,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX pending_uploads_expiry ON pending_uploads(expires_at);
