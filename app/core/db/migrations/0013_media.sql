-- An element's media library: uploaded files (images re-encoded without metadata, documents checked
-- by content) in folders, and its list of useful links. The bytes live in the box's data folder under
-- the file's id, never under a name a visitor chose. Local to this box for now.
CREATE TABLE media_files (
  id          TEXT PRIMARY KEY,                                   -- UUIDv7, also the stored file's name
  element_id  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  folder      TEXT NOT NULL DEFAULT '',                           -- '' is the library's root; nested with '/'
  name        TEXT NOT NULL,                                      -- sanitized name, given on download
  mime        TEXT NOT NULL,                                      -- found from the content, not the name
  kind        TEXT NOT NULL CHECK (kind IN ('image', 'document')),
  bytes       INTEGER NOT NULL CHECK (bytes >= 0),
  width       INTEGER,
  height      INTEGER,
  sha256      TEXT NOT NULL,
  uploaded_by TEXT REFERENCES elements (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX media_files_element ON media_files (element_id, folder, name);
CREATE INDEX media_files_uploader ON media_files (uploaded_by);

CREATE TABLE useful_links (
  id          TEXT PRIMARY KEY,                                   -- UUIDv7
  element_id  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by  TEXT REFERENCES elements (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX useful_links_element ON useful_links (element_id, created_at);

-- The photos of a room: images of its place's media library, in the order the place's admins chose.
CREATE TABLE room_photos (
  room_id  TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  media_id TEXT NOT NULL REFERENCES media_files (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (room_id, media_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX room_photos_media ON room_photos (media_id);
