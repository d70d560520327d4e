-- Steward schema 28: the email channel (docs/email.md).
--
-- A mailbox is where mail comes in: an IMAP folder polled by the worker,
-- or the name `steward mail-in --mailbox NAME` is given by an MTA's pipe.
-- It says what a new message becomes (kind, category, assignment group)
-- and what to do with a sender who is not a user (unknown_sender: create
-- an end user, refuse, or bounce — refuse with the MTA's "unknown user").
-- The IMAP password is kept sealed (libsodium secretbox, the key from the
-- config file or STEWARD_MAIL_KEY) as base64 of nonce and box; answers
-- only say whether there is one.
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
  unknown_sender TEXT NOT NULL DEFAULT 'refuse' CHECK (unknown_sender IN ('create', 'refuse', 'bounce')),
  active INTEGER NOT NULL DEFAULT 1,
  last_poll_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Every message taken in, kept whatever became of it, in the transaction
-- of what it produced: the raw bytes (the whole message up to the limit,
-- else its head), its Message-ID and SHA-256.  dedupe_key is
-- "mid:<Message-ID>" or, without one, "sha:<hash>": the same message
-- again (an IMAP retry, an MTA's redelivery with one more Received line)
-- finds its row and produces nothing.  verdict is what the channel did:
-- new, reply, note (a work note), ignore, bounce or refused (reason says
-- why).
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
CREATE INDEX mail_messages_mailbox ON mail_messages(mailbox_id, verdict);
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id);
-- senders are found by address
CREATE INDEX users_email ON users(lower(email));
