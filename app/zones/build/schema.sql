-- The zone database: every commune, EPCI, department and region of France, read-only at run time.
-- Built from scratch by app/zones/build/ (never migrated): a new schema means a new build, and
-- PRAGMA user_version (set by the build) tells the reader which schema it is holding.

CREATE TABLE zones (
  id TEXT PRIMARY KEY,              -- 'commune:26114', 'epci:242600492', 'dep:26', 'region:84', 'country:FR'
  level TEXT NOT NULL CHECK (level IN ('commune', 'epci', 'dep', 'region', 'country')),
  code TEXT NOT NULL,               -- INSEE code, SIREN of the EPCI, department or region code, ISO country code
  name TEXT NOT NULL,
  population INTEGER,               -- municipal population; for groups, the sum over their communes
  lat REAL,
  lon REAL,
  -- How lat/lon were found. Communes: 'geonames' (a GeoNames place of the commune, possibly under a
  -- former code), 'postal-code-neighbour' (the commune sharing its postal code), 'epci-centroid' and
  -- 'department-centroid' (mean of the EPCI's or department's communes placed by GeoNames).
  -- Groups: 'communes-centroid' (mean of their communes placed by GeoNames, or of all their
  -- communes when GeoNames places none of them).
  position_source TEXT,
  bbox_min_lat REAL,                -- from the outline when there is one, else from the communes' positions
  bbox_min_lon REAL,
  bbox_max_lat REAL,
  bbox_max_lon REAL,
  outline TEXT                      -- GeoJSON geometry (Polygon or MultiPolygon), or NULL
);

CREATE INDEX zones_level ON zones (level, code);

-- Every ancestor of a zone, not only its direct parent: commune -> epci, dep, region, country;
-- epci -> every dep and region it spans, country; dep -> region, country; region -> country.
CREATE TABLE zone_parents (
  zone_id TEXT NOT NULL REFERENCES zones (id),
  parent_id TEXT NOT NULL REFERENCES zones (id),
  PRIMARY KEY (zone_id, parent_id)
) WITHOUT ROWID;

CREATE INDEX zone_parents_parent ON zone_parents (parent_id, zone_id);

-- A postal code covers one commune or several (up to 46); a commune may have several postal codes.
CREATE TABLE postal_codes (
  postal_code TEXT NOT NULL,
  commune_id TEXT NOT NULL REFERENCES zones (id),
  PRIMARY KEY (postal_code, commune_id)
) WITHOUT ROWID;

-- INSEE codes that still appear in addresses but name no current commune: former communes merged
-- into a commune nouvelle (anciensCodes, communes déléguées and associées) and the municipal
-- arrondissements of Paris, Lyon and Marseille.
CREATE TABLE commune_code_aliases (
  code TEXT PRIMARY KEY,
  commune_id TEXT NOT NULL REFERENCES zones (id)
) WITHOUT ROWID;

-- Names to search, already normalized by normalizeName (lower case, no diacritics, words split on
-- hyphens and apostrophes); the tokenizer repeats the diacritics folding for safety. kind 'name' is
-- the zone's own name, 'former' the name of a former commune or municipal arrondissement within it.
CREATE VIRTUAL TABLE zone_names USING fts5 (
  name,
  zone_id UNINDEXED,
  kind UNINDEXED,
  tokenize = "unicode61 remove_diacritics 2"
);

-- Positions of the communes placed by GeoNames only: a commune placed on its postal-code neighbour
-- or on a centroid would only tie with, or wrongly beat, a real position.
CREATE VIRTUAL TABLE zone_points USING rtree (
  id,
  min_lat, max_lat,
  min_lon, max_lon,
  +zone_id TEXT
);

-- Map tiles of the zone outlines and names (app/zones/build/tiles.ts), MBTiles-like but in the
-- XYZ scheme (y counted from the north): geojson-vt's JSON tile, extent 4096, gzip-compressed.
CREATE TABLE zone_tiles (
  z INTEGER NOT NULL,
  x INTEGER NOT NULL,
  y INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (z, x, y)
) WITHOUT ROWID;
