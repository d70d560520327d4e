-- Steward schema 18: the rows that migrations 6, 7 and 8 seed (the two
-- calendars, the SLA policies, the notification rules and templates, the
-- CI classes) were written with 0 for created_at and updated_at, which the
-- API answers as null.  They take the time their migration was applied
-- (on a new database, when `steward init` ran); an updated_at an admin
-- has since set is kept.
UPDATE calendars SET created_at = COALESCE((SELECT applied_at FROM schema_migrations WHERE version = 6), CAST(strftime('%s', 'now') AS INTEGER))
WHERE created_at = 0;
UPDATE calendars SET updated_at = created_at WHERE updated_at = 0;
UPDATE sla_policies SET created_at = COALESCE((SELECT applied_at FROM schema_migrations WHERE version = 6), CAST(strftime('%s', 'now') AS INTEGER))
WHERE created_at = 0;
UPDATE sla_policies SET updated_at = created_at WHERE updated_at = 0;
UPDATE notification_rules SET created_at = COALESCE((SELECT applied_at FROM schema_migrations WHERE version = 7), CAST(strftime('%s', 'now') AS INTEGER))
WHERE created_at = 0;
UPDATE notification_rules SET updated_at = created_at WHERE updated_at = 0;
UPDATE notification_templates SET updated_at = COALESCE((SELECT applied_at FROM schema_migrations WHERE version = 7), CAST(strftime('%s', 'now') AS INTEGER))
WHERE updated_at = 0;
UPDATE ci_classes SET created_at = COALESCE((SELECT applied_at FROM schema_migrations WHERE version = 8), CAST(strftime('%s', 'now') AS INTEGER))
WHERE created_at = 0;
UPDATE ci_classes SET updated_at = created_at WHERE updated_at = 0;
