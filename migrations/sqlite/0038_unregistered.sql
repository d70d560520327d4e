-- Steward schema 38: unknown senders as the unregistered requester
-- (docs/email.md).  A mailbox may raise a sender who is no user's mail
-- for one built-in account that never signs in, keeping the sender's
-- address and name as the ticket's contact: notifications to the
-- requester go there, and mail from that address answering the ticket is
-- its comment.
--
-- SQLite cannot change a CHECK in place, and its foreign keys cannot be
-- turned off inside the migration's transaction: mailboxes is renamed
-- aside (mail_messages' reference follows it), made again with the new
-- CHECK and filled; mail_messages is made again referring to it (and its
-- indexes with it); then the old tables go, nothing referring to them.
ALTER TABLE mailboxes RENAME TO mailboxes_37;
CREATE TABLE mailboxes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  imap_url TEXT NOT NULL DEFAULT '',
  imap_user TEXT NOT NULL DEFAULT '',
  imap_secret TEXT,
  folder TEXT NOT NULL DEFAULT 'INBOX',
  processed_folder TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'incident',
  category TEXT,
  group_id INTEGER REFERENCES groups_(id),
  unknown_sender TEXT NOT NULL DEFAULT 'refuse'
    CHECK (unknown_sender IN ('create', 'refuse', 'bounce', 'unregistered')),
  active INTEGER NOT NULL DEFAULT 1,
  last_poll_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO mailboxes (id, name, description, imap_url, imap_user, imap_secret, folder, processed_folder, kind,
  category, group_id, unknown_sender, active, last_poll_at, last_error, created_at, updated_at)
SELECT id, name, description, imap_url, imap_user, imap_secret, folder, processed_folder, kind,
  category, group_id, unknown_sender, active, last_poll_at, last_error, created_at, updated_at FROM mailboxes_37;
ALTER TABLE mail_messages RENAME TO mail_messages_37;
CREATE TABLE mail_messages (
  id INTEGER PRIMARY KEY,
  mailbox_id INTEGER REFERENCES mailboxes(id),
  dedupe_key TEXT NOT NULL UNIQUE,
  message_id TEXT,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  raw BLOB NOT NULL,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT,
  ticket_id INTEGER REFERENCES tickets(id),
  user_id INTEGER REFERENCES users(id),
  received_at INTEGER NOT NULL
);
INSERT INTO mail_messages (id, mailbox_id, dedupe_key, message_id, sha256, size, raw, sender, subject, verdict, reason,
  ticket_id, user_id, received_at)
SELECT id, mailbox_id, dedupe_key, message_id, sha256, size, raw, sender, subject, verdict, reason,
  ticket_id, user_id, received_at FROM mail_messages_37;
DROP TABLE mail_messages_37;
DROP TABLE mailboxes_37;
CREATE INDEX mail_messages_mailbox ON mail_messages(mailbox_id, verdict);
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id);
CREATE INDEX mail_messages_sender ON mail_messages(lower(sender), received_at);

-- the account: inactive, no password, no address of its own
INSERT INTO users (login, name, email, role, active, created_at, updated_at)
VALUES ('unregistered', 'Unregistered requester', '', 'end_user', 0,
        CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER))
ON CONFLICT (login) DO NOTHING;

-- the person behind each of its tickets
CREATE TABLE ticket_contacts (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT ''
);
