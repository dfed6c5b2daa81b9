-- Posts on walls. A wall is an element (a person's own, or an organization's, project's, event's);
-- the author is always a person, who may sign as the element when they administer it. The audience
-- decides who reads it (see permissions/visibility.ts, postVisibleSql): public, members (the wall's
-- followers and members) or private (the wall's members and admins). A public post is scoped to zones.
CREATE TABLE posts (
  id            TEXT PRIMARY KEY,                                 -- UUIDv7: its order is creation order
  wall_id       TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  author_id     TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  as_element_id TEXT REFERENCES elements (id) ON DELETE SET NULL, -- signed as this element (its admin wrote it)
  audience      TEXT NOT NULL CHECK (audience IN ('public', 'members', 'private')),
  body          TEXT NOT NULL,                                    -- Markdown source, rendered sanitized
  hidden_at     TEXT,                                             -- hidden by moderation: gone from every read path
  hidden_by     TEXT REFERENCES elements (id) ON DELETE SET NULL,
  is_demo       INTEGER NOT NULL DEFAULT 0,                       -- demo content, removed with it
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX posts_wall ON posts (wall_id, id);
CREATE INDEX posts_author ON posts (author_id, id);
CREATE INDEX posts_public ON posts (audience, id) WHERE hidden_at IS NULL;

-- Zones a public post speaks to (commune:INSEE, epci:SIREN, dep:NN, region:NN, country:FR, custom:ID).
CREATE TABLE post_zones (
  post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  zone_id TEXT NOT NULL,
  PRIMARY KEY (zone_id, post_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_zones_post ON post_zones (post_id);

CREATE TABLE post_tags (
  post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  tag     TEXT NOT NULL,
  PRIMARY KEY (tag, post_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_tags_post ON post_tags (post_id);

-- Elements (persons included) a post mentions with @name; each mentioned person is notified once.
CREATE TABLE post_mentions (
  post_id    TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  element_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, element_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_mentions_element ON post_mentions (element_id);

-- Images and documents attached to a post: files of the wall's media library.
CREATE TABLE post_files (
  post_id  TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  file_id  TEXT NOT NULL REFERENCES media_files (id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, file_id)
) STRICT, WITHOUT ROWID;
