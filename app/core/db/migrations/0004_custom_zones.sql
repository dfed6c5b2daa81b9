-- Custom territories a box admin defines: a "pays", a bassin de vie across a department border.
-- Each is a union of zones of any level; one drawn as a polygon is stored as the communes it holds.
CREATE TABLE custom_zones (
  id          TEXT PRIMARY KEY,            -- 'custom:<slug>'
  name        TEXT NOT NULL,
  polygon     TEXT,                        -- GeoJSON Polygon when drawn, else NULL
  created_by  TEXT REFERENCES elements (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE custom_zone_members (
  custom_id TEXT NOT NULL REFERENCES custom_zones (id) ON DELETE CASCADE,
  zone_id   TEXT NOT NULL,                 -- 'commune:…', 'epci:…', 'dep:…', 'region:…'
  PRIMARY KEY (custom_id, zone_id)
) STRICT, WITHOUT ROWID;
