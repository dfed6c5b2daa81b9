-- A compact copy of what search filters, counts and facets read, one small row per element, so a
-- search over thousands of matches reads a few MB instead of the wide `elements` rows. Same
-- column names as `elements`, so the one visibility rule applies to it unchanged. Kept by triggers.
CREATE TABLE search_meta (
  element_rowid INTEGER PRIMARY KEY,        -- = elements.rowid = search_text.rowid
  id            TEXT NOT NULL,
  type          TEXT NOT NULL,
  visibility    TEXT NOT NULL,
  deleted_at    TEXT,
  commune_insee TEXT,
  lat           REAL,
  lon           REAL,
  starts_at     TEXT,
  ends_at       TEXT,
  tags          TEXT NOT NULL DEFAULT '[]'    -- JSON array, for the tag facet
);
CREATE INDEX search_meta_commune ON search_meta (commune_insee);
-- Covers radius searches and map clusters for anonymous visitors without reading the rows.
CREATE INDEX search_meta_lat ON search_meta (lat, lon, visibility, deleted_at, type) WHERE lat IS NOT NULL;

CREATE TRIGGER elements_meta_insert AFTER INSERT ON elements BEGIN
  INSERT INTO search_meta (element_rowid, id, type, visibility, deleted_at, commune_insee, lat, lon, starts_at, ends_at, tags)
  VALUES (new.rowid, new.id, new.type, new.visibility, new.deleted_at, new.commune_insee, new.lat, new.lon, new.starts_at, new.ends_at, new.tags);
END;

CREATE TRIGGER elements_meta_update AFTER UPDATE ON elements BEGIN
  UPDATE search_meta SET id = new.id, type = new.type, visibility = new.visibility, deleted_at = new.deleted_at,
    commune_insee = new.commune_insee, lat = new.lat, lon = new.lon, starts_at = new.starts_at, ends_at = new.ends_at, tags = new.tags
  WHERE element_rowid = old.rowid;
END;

CREATE TRIGGER elements_meta_delete AFTER DELETE ON elements BEGIN
  DELETE FROM search_meta WHERE element_rowid = old.rowid;
END;

INSERT INTO search_meta (element_rowid, id, type, visibility, deleted_at, commune_insee, lat, lon, starts_at, ends_at, tags)
SELECT rowid, id, type, visibility, deleted_at, commune_insee, lat, lon, starts_at, ends_at, tags FROM elements;
