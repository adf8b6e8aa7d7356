-- Full-text search, scoped to a community inside the index. Until now the
-- index matched a word across every community and then read each match's
-- community from its row: at a region's size (50,000 resources) a common
-- word cost 100 ms. Now each row carries its community as one token (the
-- id's hex digits after a "c"), matched along with the words, and the
-- index's rowid is the resource's rowid, so a match needs no row reads and
-- updates find their index row directly.
DROP TABLE resources_fts;
CREATE VIRTUAL TABLE resources_fts USING fts5 (
    title, description, community,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO resources_fts (rowid, title, description, community)
    SELECT rowid, title, description, 'c' || replace(community_id, '-', '') FROM resources;
