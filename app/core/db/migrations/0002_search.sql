-- Unified search: a full-text index over every element, kept current by triggers in the same
-- transaction as the write, so no write path can forget it. Contentless (the text lives in
-- `elements`); rowid = elements.rowid. Diacritics and case folded; 2- and 3-letter prefixes indexed
-- for type-ahead. Later element types need nothing here: they live in `elements`.
CREATE VIRTUAL TABLE search_text USING fts5(
  name, short_description, description, tags, locality,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

CREATE TRIGGER elements_search_insert AFTER INSERT ON elements WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
  VALUES (new.rowid, new.name, new.short_description, new.description, new.tags, new.locality);
END;

CREATE TRIGGER elements_search_update AFTER UPDATE OF name, short_description, description, tags, locality, deleted_at ON elements BEGIN
  DELETE FROM search_text WHERE rowid = old.rowid;
  INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
  SELECT new.rowid, new.name, new.short_description, new.description, new.tags, new.locality WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER elements_search_delete AFTER DELETE ON elements BEGIN
  DELETE FROM search_text WHERE rowid = old.rowid;
END;

INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
SELECT rowid, name, short_description, description, tags, locality FROM elements WHERE deleted_at IS NULL;

