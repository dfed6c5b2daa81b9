-- Exchange (issue 7): classified ads (type 'classified', kinds sale/rent/job/gift) and mutual aid (type 'aid',
-- kinds need/offer) are elements, so search, map, feeds, export and the permission rule take them as they are.
-- Their own fields are columns of elements (only ever add columns to it: it is synced).
ALTER TABLE elements ADD COLUMN category     TEXT;                         -- classified and aid categories (app/elements/model.ts)
ALTER TABLE elements ADD COLUMN price_cents  INTEGER CHECK (price_cents IS NULL OR price_cents BETWEEN 0 AND 100000000);
ALTER TABLE elements ADD COLUMN currency     TEXT;                         -- with price_cents; NULL: free / no price
ALTER TABLE elements ADD COLUMN expires_at   TEXT;                         -- ISO 8601 UTC: past it, only its admins see it
ALTER TABLE elements ADD COLUMN closed_at    TEXT;                         -- the author marked it sold / closed / fulfilled
ALTER TABLE elements ADD COLUMN availability TEXT NOT NULL DEFAULT '';     -- aid: when the person is available (free text)
CREATE INDEX elements_category ON elements (type, category, kind) WHERE category IS NOT NULL;

-- In-box messages (app/messages/): a conversation between persons, optionally about an element (an ad, an
-- offer, a one-page's contact form). No e-mail, no phone number: people answer inside the box.
CREATE TABLE conversations (
  id          TEXT PRIMARY KEY,                                            -- UUIDv7
  subject_id  TEXT REFERENCES elements (id) ON DELETE SET NULL,            -- what it is about
  title       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL                                                -- last message
) STRICT;

CREATE TABLE conversation_members (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  person_id       TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  read_at         TEXT,                                                    -- last time they opened it
  PRIMARY KEY (conversation_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_members_person ON conversation_members (person_id, conversation_id);

CREATE TABLE messages (
  id              TEXT PRIMARY KEY,                                        -- UUIDv7: sorts by time
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  author_id       TEXT REFERENCES elements (id) ON DELETE SET NULL,        -- NULL: a visitor who was not signed in
  author_name     TEXT NOT NULL DEFAULT '',                                -- a visitor's name and how to answer them
  reply_to        TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- Search's compact copy carries the expiry too: the one visibility rule reads it (0003_search_meta.sql).
ALTER TABLE search_meta ADD COLUMN expires_at TEXT;
DROP TRIGGER elements_meta_insert;
DROP TRIGGER elements_meta_update;
CREATE TRIGGER elements_meta_insert AFTER INSERT ON elements BEGIN
  INSERT INTO search_meta (element_rowid, id, type, visibility, deleted_at, commune_insee, lat, lon, starts_at, ends_at, tags, expires_at)
  VALUES (new.rowid, new.id, new.type, new.visibility, new.deleted_at, new.commune_insee, new.lat, new.lon, new.starts_at, new.ends_at, new.tags, new.expires_at);
END;
CREATE TRIGGER elements_meta_update AFTER UPDATE ON elements BEGIN
  UPDATE search_meta SET id = new.id, type = new.type, visibility = new.visibility, deleted_at = new.deleted_at,
    commune_insee = new.commune_insee, lat = new.lat, lon = new.lon, starts_at = new.starts_at, ends_at = new.ends_at, tags = new.tags,
    expires_at = new.expires_at
  WHERE element_rowid = old.rowid;
END;
