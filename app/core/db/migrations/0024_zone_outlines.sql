-- Outlines of communes, EPCI and departments imported on this box (app/zones/local-outlines.ts), and the
-- zone tiles they redraw. zones.db is shipped read-only: these tables are read before it.

-- The outline a zone has on this box, in place of the one of zones.db; one row per zone.
CREATE TABLE zone_outlines (
  zone_id      TEXT PRIMARY KEY,                   -- 'commune:26114', 'epci:242600492', 'dep:26'
  outline      TEXT NOT NULL,                      -- GeoJSON geometry (Polygon or MultiPolygon), [lon, lat]
  lat          REAL NOT NULL,                      -- a point inside the outline (its label), as the zone build places it
  lon          REAL NOT NULL,
  bbox_min_lat REAL NOT NULL,
  bbox_min_lon REAL NOT NULL,
  bbox_max_lat REAL NOT NULL,
  bbox_max_lon REAL NOT NULL,
  import_id    TEXT NOT NULL REFERENCES imports (id),  -- the latest import that wrote it
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX zone_outlines_import ON zone_outlines (import_id);

-- Zone tiles redrawn on this box (same layout as zones.zone_tiles); /tiles/zones/… answers from here
-- first. An empty tile is stored too (zero bytes): it hides the shipped one.
CREATE TABLE zone_tiles_local (
  z         INTEGER NOT NULL,
  x         INTEGER NOT NULL,
  y         INTEGER NOT NULL,
  data      BLOB NOT NULL,                         -- gzip-compressed JSON tile, as in zones.db
  import_id TEXT NOT NULL REFERENCES imports (id),  -- the import that drew it last
  PRIMARY KEY (z, x, y)
) STRICT, WITHOUT ROWID;
