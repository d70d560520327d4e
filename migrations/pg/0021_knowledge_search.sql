-- Steward schema 21: full-text search over knowledge articles, as over
-- tickets (0011_search): one row per article with a tsvector of the
-- version readers see, its parts weighted so that a search can tell a
-- title match (A: the title, B: keywords, C: the summary, D: the body
-- without markup, at most its first 50 000 characters), under a GIN
-- index; written by the repository in the article's own transaction.
-- steward_search_doc (0011) splits words as SQLite's tokenizer does.
CREATE TABLE article_search (
  article_id BIGINT PRIMARY KEY REFERENCES articles(id),
  doc tsvector NOT NULL
);
CREATE INDEX article_search_doc ON article_search USING gin (doc) WITH (fastupdate = off);
