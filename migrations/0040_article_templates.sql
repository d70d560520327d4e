-- Steward schema 40: knowledge article templates (issue #20): named
-- skeletons a writer starts a new article from — a body in Markdown with
-- the headings to fill in, and the kind, audience and category the
-- article starts with (docs/knowledge.md#article-templates).  Admins
-- keep them; agents read them.  Toolkits carry them (section
-- article_templates).
CREATE TABLE article_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'how_to',
  audience TEXT NOT NULL DEFAULT 'agents',
  category TEXT,
  body TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
