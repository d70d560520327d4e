-- Steward schema 7: notifications.  Rules turn ticket events into
-- messages for people, rendered from editable templates, and written to
-- the notifications table in the same transaction as the event: in-app
-- messages are delivered by being written; email rows are the durable
-- outbox that the mailer thread sends with retries.
CREATE TABLE notification_templates (
  event TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('created', '[{{number}}] New incident: {{title}}',
   '{{actor}} logged {{number}} "{{title}}" (priority {{priority}}, group {{group}}).' || char(10) || char(10) || '{{link}}', 0),
  ('assigned', '[{{number}}] Assigned to you: {{title}}',
   '{{number}} "{{title}}" (priority {{priority}}) is now assigned to {{assignee}}.' || char(10) || char(10) || '{{link}}', 0),
  ('commented', '[{{number}}] New reply: {{title}}',
   '{{actor}} wrote on {{number}}:' || char(10) || char(10) || '{{detail}}' || char(10) || char(10) || '{{link}}', 0),
  ('work_note', '[{{number}}] Work note: {{title}}',
   '{{actor}} added a work note to {{number}} (internal):' || char(10) || char(10) || '{{detail}}' || char(10) || char(10) || '{{link}}', 0),
  ('resolved', '[{{number}}] Resolved: {{title}}',
   '{{number}} "{{title}}" has been resolved:' || char(10) || char(10) || '{{detail}}' || char(10) || char(10) ||
   'If the problem is not fixed, reopen it: {{link}}', 0),
  ('reopened', '[{{number}}] Reopened: {{title}}',
   '{{actor}} reopened {{number}} "{{title}}".' || char(10) || char(10) || '{{link}}', 0),
  ('sla_warning', '[{{number}}] SLA warning: {{title}}',
   'The {{detail}} target of {{number}} "{{title}}" (priority {{priority}}) is close to being missed.' || char(10) || char(10) || '{{link}}', 0),
  ('sla_breach', '[{{number}}] SLA breached: {{title}}',
   'The {{detail}} target of {{number}} "{{title}}" (priority {{priority}}) has been missed.' || char(10) || char(10) || '{{link}}', 0),
  ('major', '[{{number}}] MAJOR INCIDENT: {{title}}',
   '{{actor}} declared {{number}} "{{title}}" a major incident: {{detail}}' || char(10) || char(10) || '{{link}}', 0),
  ('escalation', '[{{number}}] Escalated to you: {{title}}',
   '{{number}} "{{title}}" (priority {{priority}}, group {{group}}) was escalated: {{detail}}' || char(10) || char(10) || '{{link}}', 0);
CREATE TABLE notification_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  event TEXT NOT NULL REFERENCES notification_templates(event),
  recipients TEXT NOT NULL,
  group_id INTEGER REFERENCES groups_(id),
  channels TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('New incident to the group', 'created', 'assignee,group', 'in_app,email', 0, 0),
  ('Assignment', 'assigned', 'assignee', 'in_app,email', 0, 0),
  ('Public reply', 'commented', 'requester,watchers,assignee', 'in_app,email', 0, 0),
  ('Work note', 'work_note', 'assignee,group', 'in_app', 0, 0),
  ('Resolution', 'resolved', 'requester,watchers', 'in_app,email', 0, 0),
  ('Reopened', 'reopened', 'assignee,group', 'in_app,email', 0, 0),
  ('SLA warning', 'sla_warning', 'assignee,manager', 'in_app,email', 0, 0),
  ('SLA breach', 'sla_breach', 'assignee,manager', 'in_app,email', 0, 0),
  ('Major incident', 'major', 'group,manager', 'in_app,email', 0, 0),
  ('Escalation', 'escalation', 'manager', 'in_app,email', 0, 0);
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  ticket_id INTEGER REFERENCES tickets(id),
  event TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email')),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  email_to TEXT,
  state TEXT NOT NULL CHECK (state IN ('delivered', 'pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  read_at INTEGER
);
CREATE INDEX notifications_inbox ON notifications(user_id, channel, id);
CREATE INDEX notifications_outbox ON notifications(next_attempt_at) WHERE state IN ('pending', 'sending');
