-- Foundation schema: box settings, communes of the territory, elements, links, accounts.

-- Key/value settings of this box (box id, name, next sequence number, locale...).
CREATE TABLE box_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Communes known to this box. The territory issue extends this into a full zone hierarchy.
CREATE TABLE communes (
  insee        TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  postal_codes TEXT NOT NULL,           -- JSON array of strings
  epci_code    TEXT,
  epci_name    TEXT,
  dep_code     TEXT NOT NULL,
  region_code  TEXT,
  population   INTEGER,
  lat          REAL,
  lon          REAL,
  outline      TEXT                     -- GeoJSON geometry (MultiPolygon), NULL until known
) STRICT;
CREATE INDEX communes_epci ON communes (epci_code);
CREATE INDEX communes_dep ON communes (dep_code);

-- Every kind of element shares one table; kind-specific columns are nullable.
-- Synced between boxes later: only ever add columns to this table.
CREATE TABLE elements (
  id                TEXT PRIMARY KEY,                 -- UUIDv7
  type              TEXT NOT NULL,                     -- person, organization, project, event, poi; more later
                                                       -- (no CHECK: SQLite cannot alter one without rebuilding the table)
  kind              TEXT,                              -- organization kind, event type, poi kind
  slug              TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  short_description TEXT NOT NULL DEFAULT '',
  description       TEXT NOT NULL DEFAULT '',          -- Markdown, sanitized when rendered
  tags              TEXT NOT NULL DEFAULT '[]',        -- JSON array, mirrored in element_tags
  street            TEXT NOT NULL DEFAULT '',
  postal_code       TEXT NOT NULL DEFAULT '',
  commune_insee     TEXT,
  locality          TEXT NOT NULL DEFAULT '',
  country           TEXT NOT NULL DEFAULT 'FR',
  lat               REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  lon               REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  visibility        TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public','members','private')),
  contact_email     TEXT NOT NULL DEFAULT '',          -- members-only fields
  contact_phone     TEXT NOT NULL DEFAULT '',
  url               TEXT NOT NULL DEFAULT '',
  stage             TEXT,                              -- project maturity
  starts_at         TEXT,                              -- events: ISO 8601 with offset
  ends_at           TEXT,
  all_day           INTEGER NOT NULL DEFAULT 0,
  parent_id         TEXT REFERENCES elements (id),     -- sub-event of an event
  created_by        TEXT,
  is_demo           INTEGER NOT NULL DEFAULT 0,
  origin_box        TEXT NOT NULL,                     -- box that created it (sync)
  origin_seq        INTEGER NOT NULL,                  -- per-origin sequence of its last change
  version           INTEGER NOT NULL DEFAULT 1,        -- optimistic concurrency for edits
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  deleted_at        TEXT                               -- tombstone: row kept for sync
) STRICT;
CREATE INDEX elements_type ON elements (type, id);
-- Zone lists: seek by commune and the public rule's columns, read ids in order without the rows.
CREATE INDEX elements_commune ON elements (commune_insee, visibility, deleted_at, type, id);
CREATE INDEX elements_starts ON elements (starts_at) WHERE type = 'event';
CREATE UNIQUE INDEX elements_origin ON elements (origin_box, origin_seq);
CREATE INDEX elements_parent ON elements (parent_id);

CREATE TABLE element_tags (
  element_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  tag        TEXT NOT NULL,
  PRIMARY KEY (tag, element_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX element_tags_element ON element_tags (element_id);

-- A link from a person (or an organizer element) to an element.
CREATE TABLE links (
  id          TEXT PRIMARY KEY,
  from_id     TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  to_id       TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,                           -- member, contributor, attendee, follows, organizer, parent; more later
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','requested','invited')),
  is_admin    INTEGER NOT NULL DEFAULT 0,
  roles       TEXT NOT NULL DEFAULT '[]',              -- JSON array of free-text roles
  invited_by  TEXT REFERENCES elements (id) ON DELETE SET NULL,
  is_demo     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (from_id, to_id, kind)
) STRICT;
CREATE INDEX links_to ON links (to_id, kind, status, created_at);

-- Accounts: a person element that can sign in.
CREATE TABLE accounts (
  person_id     TEXT PRIMARY KEY REFERENCES elements (id) ON DELETE CASCADE,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT,                                  -- NULL: cannot sign in until a reset link is used
  is_box_admin  INTEGER NOT NULL DEFAULT 0,
  locale        TEXT,
  created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  person_id  TEXT NOT NULL REFERENCES accounts (person_id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  person_id    TEXT NOT NULL REFERENCES accounts (person_id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT
) STRICT;

-- One-time links: first-admin setup and password resets.
CREATE TABLE one_time_links (
  token_hash TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL CHECK (purpose IN ('setup','reset')),
  person_id  TEXT REFERENCES accounts (person_id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
) STRICT;

-- Invitation links (and their QR codes) to join an element.
CREATE TABLE invitations (
  token_hash  TEXT PRIMARY KEY,
  element_id  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  link_kind   TEXT NOT NULL CHECK (link_kind IN ('member','contributor','attendee')),
  created_by  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
CREATE INDEX invitations_element ON invitations (element_id);
