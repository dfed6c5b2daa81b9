-- Bulk indexing (app/search/bulk.ts). FTS5 writes its pending terms to disk at every statement savepoint, so
-- elements inserted one statement at a time (an import's commit: 100,000 rows) each left a tiny segment to
-- merge: a third of the commit. While a bulk write holds a row here (inside its own transaction, so no other
-- connection ever sees it), the elements it inserts are left out of the full-text index, and it indexes them
-- all in one statement before it commits. The triggers leave those rows alone until then.
CREATE TABLE search_deferred (
  from_rowid INTEGER NOT NULL  -- elements.rowid of the first row the bulk write inserts
) STRICT;

DROP TRIGGER elements_search_insert;
CREATE TRIGGER elements_search_insert AFTER INSERT ON elements
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM search_deferred) BEGIN
  INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
  VALUES (new.rowid, new.name, new.short_description, new.description, new.tags, new.locality);
END;

DROP TRIGGER elements_search_update;
CREATE TRIGGER elements_search_update AFTER UPDATE OF name, short_description, description, tags, locality, deleted_at ON elements
WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE old.rowid >= from_rowid) BEGIN
  DELETE FROM search_text WHERE rowid = old.rowid;
  INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
  SELECT new.rowid, new.name, new.short_description, new.description, new.tags, new.locality WHERE new.deleted_at IS NULL;
END;

DROP TRIGGER elements_search_delete;
CREATE TRIGGER elements_search_delete AFTER DELETE ON elements
WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE old.rowid >= from_rowid) BEGIN
  DELETE FROM search_text WHERE rowid = old.rowid;
END;
