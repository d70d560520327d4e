-- Steward schema 21: full-text search over knowledge articles, as over
-- tickets (0011_search): one FTS5 row per article (rowid = articles.id)
-- holding the version readers see — its title, summary, the body without
-- markup (at most its first 50 000 characters) and keywords — written by
-- the repository in the article's own transaction whenever that version
-- changes (triggers may not write FTS5 tables with trusted_schema off).
-- Words are split as for tickets (unicode61, case-folded, accents kept).
CREATE VIRTUAL TABLE article_search USING fts5(
  title, summary, body, keywords,
  tokenize = 'unicode61 remove_diacritics 0'
);
