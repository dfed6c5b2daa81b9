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
  -- How lat/lon were found. 'outline': a point inside the zone's outline (its largest polygon's
  -- centroid when inside, else its pole of inaccessibility), for the communes with an outline and
  -- the EPCI. Communes without one (created since 2018): 'geonames' (a GeoNames place of the
  -- commune, possibly under a former code), 'postal-code-neighbour' (the commune sharing its postal
  -- code), 'epci-centroid' and 'department-centroid' (mean of the EPCI's or department's communes
  -- placed by outline or GeoNames). Departments, regions, France: 'communes-centroid' (mean of
  -- their communes placed by outline or GeoNames).
  position_source TEXT,
  bbox_min_lat REAL,                -- from the outline when there is one, else from the communes' positions
  bbox_min_lon REAL,
  bbox_max_lat REAL,
  bbox_max_lon REAL,
  -- GeoJSON geometry (Polygon or MultiPolygon), or NULL. Communes: IGN ADMIN EXPRESS COG 2018
  -- (app/zones/data/), simplified to ~50 m, 4 decimals; a commune nouvelle is the union of its
  -- former communes. EPCI, departments, regions, France: the union of their communes (3 decimals
  -- and no islet under ~1 km² for departments and above).
  outline TEXT
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

-- Where each commune lies, to find the commune of a position: the box of its outline (a point in
-- it is then tested against the outline), else for a commune without one its GeoNames position as
-- a point. A commune placed on its postal-code neighbour or on a centroid is left out: it would
-- only tie with, or wrongly beat, a real position.
CREATE VIRTUAL TABLE commune_boxes USING rtree (
  id,
  min_lat, max_lat,
  min_lon, max_lon,
  +zone_id TEXT
);

-- Map tiles of the borders and names of regions, departments, EPCI and communes (app/zones/build/tiles.ts), MBTiles-like but in the
-- XYZ scheme (y counted from the north): geojson-vt's JSON tile, extent 4096, gzip-compressed.
CREATE TABLE zone_tiles (
  z INTEGER NOT NULL,
  x INTEGER NOT NULL,
  y INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (z, x, y)
) WITHOUT ROWID;

-- Which build this is: the hash of its inputs (build-if-stale.ts). A box compares it with the one it
-- last placed its elements against, and places again only what a new build may move.
CREATE TABLE zone_build (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
