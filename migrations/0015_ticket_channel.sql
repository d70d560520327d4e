-- Steward schema 15: what ITSM reports ask of every ticket kind: the
-- channel a ticket came in by (portal, agent, phone, email, event, api;
-- NULL for tickets older than this step), its category when it was opened
-- and when it was resolved, closed or canceled (the category may change in
-- between), and how many times it was passed from one group to another.
ALTER TABLE tickets ADD COLUMN channel TEXT;
ALTER TABLE tickets ADD COLUMN opening_category TEXT;
ALTER TABLE tickets ADD COLUMN closing_category TEXT;
ALTER TABLE tickets ADD COLUMN reassignment_count INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET opening_category = category;
UPDATE tickets SET closing_category = category WHERE phase IN ('resolved', 'closed', 'canceled');
