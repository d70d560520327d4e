-- Steward schema 44: knowledge search at 100 000 articles (issue #13).
-- A title-only query asked for words of weight A: the GIN index cannot
-- tell weights, so every article holding the words was read and
-- rechecked (all of them, for words most articles hold).  Titles now have
-- an index of their own, article_title_search, written beside
-- article_search by the repository in the article's own transaction; it
-- starts from the title words (weight A) of the index as it stands.
CREATE TABLE article_title_search (
  article_id BIGINT PRIMARY KEY REFERENCES articles(id),
  doc tsvector NOT NULL
);
INSERT INTO article_title_search (article_id, doc)
  SELECT article_id, ts_filter(doc, '{a}') FROM article_search;
CREATE INDEX article_title_search_doc ON article_title_search USING gin (doc) WITH (fastupdate = off);
