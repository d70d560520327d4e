-- Steward schema 44: knowledge search at 100 000 articles (issue #13).
-- A search asks for each word as a prefix ("vpn"*): without a prefix
-- index FTS5 merges the lists of every indexed word that starts so, which
-- for words most articles hold is the whole index (5 ms a word at 100 000
-- articles); with one it reads a single list.  Prefixes of 3 to 6
-- characters are indexed (a word of 7 or more is rarer, its lists short).
-- And a title-only query (title : (…)) had to read every position of
-- every matching article to test the column: titles now have an index of
-- their own, article_title_search, written beside article_search by the
-- repository in the article's own transaction (rowid = articles.id).
CREATE VIRTUAL TABLE article_search_new USING fts5(
  title, summary, body, keywords,
  tokenize = 'unicode61 remove_diacritics 0', prefix = '3 4 5 6'
);
INSERT INTO article_search_new (rowid, title, summary, body, keywords)
  SELECT rowid, title, summary, body, keywords FROM article_search;
DROP TABLE article_search;
ALTER TABLE article_search_new RENAME TO article_search;
CREATE VIRTUAL TABLE article_title_search USING fts5(
  title,
  tokenize = 'unicode61 remove_diacritics 0', prefix = '3 4 5 6'
);
INSERT INTO article_title_search (rowid, title) SELECT rowid, title FROM article_search;
