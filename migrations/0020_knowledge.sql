-- Steward schema 20: the knowledge base (docs/knowledge.md).
--
-- An article (numbered KB0000001 … from the 'article' counter) is a
-- lifecycle — draft, in review, published, retired — over versions.  Each
-- version holds the content, and what decides who finds it: title,
-- summary, Markdown body (and that body without its markup, which the
-- search index and the result snippets read), keywords (one per line),
-- kind, audience, and the services and categories it is about.  The
-- article row holds what does not change with an edit (owner, review-by
-- date, the problem a known error belongs to, the counters of views,
-- ratings, deflections and ticket links, the revision for If-Match) and
-- which versions count: shown_version is what readers see (the published
-- one, or before the first publication the latest), latest_version the
-- one being worked on (a new draft while an older version stays
-- published).  created_by is NULL for what the system wrote.
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published', 'retired')),
  shown_version INTEGER NOT NULL,
  latest_version INTEGER NOT NULL,
  published_version INTEGER,
  owner_id INTEGER REFERENCES users(id),
  problem TEXT,
  review_by INTEGER,
  review_notified INTEGER,
  views INTEGER NOT NULL DEFAULT 0,
  helpful INTEGER NOT NULL DEFAULT 0,
  not_helpful INTEGER NOT NULL DEFAULT 0,
  deflections INTEGER NOT NULL DEFAULT 0,
  link_count INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER,
  retired_at INTEGER
);
CREATE INDEX articles_updated ON articles(updated_at, id);
CREATE INDEX articles_state ON articles(state, updated_at, id);
CREATE INDEX articles_owner ON articles(owner_id, updated_at) WHERE owner_id IS NOT NULL;
CREATE INDEX articles_problem ON articles(problem) WHERE problem IS NOT NULL;
-- what the review pass looks at: dates come due, not yet notified for
CREATE INDEX articles_review ON articles(review_by) WHERE review_by IS NOT NULL;
CREATE TABLE article_versions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  version INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published', 'superseded')),
  kind TEXT NOT NULL CHECK (kind IN ('how_to', 'troubleshooting', 'known_error', 'faq')),
  audience TEXT NOT NULL CHECK (audience IN ('agents', 'everyone')),
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  body_text TEXT NOT NULL,
  keywords TEXT NOT NULL,
  note TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_by INTEGER REFERENCES users(id),
  published_at INTEGER,
  UNIQUE (article_id, version)
);
CREATE TABLE article_version_services (
  version_id INTEGER NOT NULL REFERENCES article_versions(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (version_id, service_id)
);
CREATE INDEX article_version_services_service ON article_version_services(service_id, version_id);
CREATE TABLE article_version_categories (
  version_id INTEGER NOT NULL REFERENCES article_versions(id),
  category_id INTEGER NOT NULL REFERENCES categories(id),
  PRIMARY KEY (version_id, category_id)
);
CREATE INDEX article_version_categories_category ON article_version_categories(category_id, version_id);
-- files and images, kept as ticket attachments are (bytes, sniffed type, sha256)
CREATE TABLE article_attachments (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX article_attachments_article ON article_attachments(article_id, id);
-- one rating per reader and article; a second replaces the first
CREATE TABLE article_ratings (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  helpful INTEGER NOT NULL,
  comment TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (article_id, user_id)
);
-- "used to resolve": the tickets an article helped with
CREATE TABLE article_links (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  UNIQUE (article_id, ticket_id)
);
CREATE INDEX article_links_ticket ON article_links(ticket_id, article_id);
-- notifications may be about an article (its review falling due) rather than a ticket
ALTER TABLE notifications ADD COLUMN article_id INTEGER REFERENCES articles(id);
INSERT INTO notification_templates (event, subject, body, updated_at) VALUES
  ('article_review', '[{{number}}] Review due: {{title}}',
   '{{number}} "{{title}}" was due for review on {{detail}}. Check that it is still right, then set its next review-by date.' ||
   char(10) || char(10) || '{{link}}', COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
INSERT INTO notification_rules (name, event, recipients, channels, created_at, updated_at) VALUES
  ('Article review due', 'article_review', 'owner', 'in_app,email',
   COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0), COALESCE((SELECT MAX(applied_at) FROM schema_migrations), 0));
