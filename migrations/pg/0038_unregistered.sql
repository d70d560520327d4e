-- Steward schema 38: unknown senders as the unregistered requester
-- (docs/email.md).  A mailbox may raise a sender who is no user's mail
-- for one built-in account that never signs in, keeping the sender's
-- address and name as the ticket's contact: notifications to the
-- requester go there, and mail from that address answering the ticket is
-- its comment.
ALTER TABLE mailboxes DROP CONSTRAINT IF EXISTS mailboxes_unknown_sender_check;
ALTER TABLE mailboxes ADD CONSTRAINT mailboxes_unknown_sender_check
  CHECK (unknown_sender IN ('create', 'refuse', 'bounce', 'unregistered'));

-- the account: inactive, no password, no address of its own
INSERT INTO users (login, name, email, role, active, created_at, updated_at)
VALUES ('unregistered', 'Unregistered requester', '', 'end_user', 0,
        EXTRACT(EPOCH FROM now())::BIGINT, EXTRACT(EPOCH FROM now())::BIGINT)
ON CONFLICT (login) DO NOTHING;

-- the person behind each of its tickets
CREATE TABLE ticket_contacts (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT ''
);
