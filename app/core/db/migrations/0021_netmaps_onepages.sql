-- Network maps (app/netmaps/): saved maps of chosen element types, tags and zones, with a colour per type,
-- shown on their own page and in an embeddable iframe (public elements only, always). One-page sites
-- (app/onepage/): an organization's or a project's simple public site built from its data.
-- Demo rows carry is_demo: demo elements are tombstoned, not deleted, so a cascade would not reach them.

CREATE TABLE network_maps (
  id          TEXT PRIMARY KEY,                                      -- UUIDv7
  slug        TEXT NOT NULL UNIQUE,                                  -- /maps/<slug>, /embed/map/<slug>
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  types       TEXT NOT NULL DEFAULT '[]',                            -- JSON array of element types shown
  tags        TEXT NOT NULL DEFAULT '[]',                            -- JSON array of lowercase tags: any of them; [] = no tag filter
  zones       TEXT NOT NULL DEFAULT '[]',                            -- JSON array of zone ids (commune:INSEE, epci:SIREN, dep:NN, custom:…): any of them; [] = anywhere
  colours     TEXT NOT NULL DEFAULT '{}',                            -- JSON object: element type → #rrggbb
  created_by  TEXT REFERENCES elements (id) ON DELETE SET NULL,      -- the person who made it (edits it with box admins)
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
) STRICT;
CREATE INDEX network_maps_title ON network_maps (title, id);

CREATE TABLE onepages (
  element_id TEXT PRIMARY KEY REFERENCES elements (id) ON DELETE CASCADE, -- an organization or a project
  slug       TEXT NOT NULL UNIQUE,                                   -- /p/<slug>
  layout     TEXT NOT NULL DEFAULT 'classic' CHECK (layout IN ('classic', 'banner', 'compact')),
  colour     TEXT NOT NULL DEFAULT '#1f6f50' CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
  published  INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)), -- 0: only the element's admins see it (a preview)
  sections   TEXT NOT NULL DEFAULT '{}',                             -- JSON object: about, news, events, members, contact, map → true/false
  updated_at TEXT NOT NULL,
  is_demo    INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
) STRICT;
