-- Steward schema 31: the email channel's acknowledgement and per-sender
-- rate (issue #17).  A ticket raised from an email raises the
-- mail_received event, whose template and rule tell the sender the number
-- their message was recorded under (replying to that mail threads into
-- the ticket); the rate counts a sender's recent messages by address.
CREATE INDEX mail_messages_sender ON mail_messages(lower(sender), received_at);
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('mail_received', '[{{number}}] We received your message: {{title}}',
   'Hello {{requester}},' || char(10) || char(10) ||
   'Thank you for your message. We have recorded it as {{number}} "{{title}}" and the service desk will '
   || 'come back to you.' || char(10) || char(10) ||
   'To add anything, reply to this email and keep {{number}} in the subject. You can follow it here: {{link}}',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('Acknowledge email', 'mail_received', 'requester', 'email',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0), COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
