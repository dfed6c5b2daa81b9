-- Imports of open data (app/imports/): a file is staged (parsed and checked into import_rows), previewed,
-- then committed in one transaction, and can be undone as a whole while it is the latest change to its rows.

CREATE TABLE imports (
  id            TEXT PRIMARY KEY,                  -- UUIDv7
  format        TEXT NOT NULL,                     -- rna, scdl, csv, geojson, communecter, ics, pmtiles
  file_name     TEXT NOT NULL,                     -- as the admin saw it (stick-relative path or upload name)
  file_sha256   TEXT,                              -- of the bytes read, when read to the end
  file_bytes    INTEGER,
  origin        TEXT NOT NULL CHECK (origin IN ('usb', 'upload', 'cli')),
  source        TEXT NOT NULL DEFAULT '',          -- who published the data (manifest or form), shown on each element
  licence       TEXT NOT NULL DEFAULT '',
  published_on  TEXT,                              -- the data's date, from the manifest
  options       TEXT NOT NULL DEFAULT '{}',        -- JSON: column mapping, organizer, type...
  status        TEXT NOT NULL CHECK (status IN ('staging', 'staged', 'committing', 'committed', 'undone', 'discarded', 'failed')),
  progress      REAL NOT NULL DEFAULT 0,           -- 0..1 of the current step
  counts        TEXT NOT NULL DEFAULT '{}',        -- JSON {new, updated, unchanged, rejected, vanished, conflicts, outside}
  warnings      TEXT NOT NULL DEFAULT '[]',        -- JSON array: file-level notes (mixed encodings, a column left unread...)
  error         TEXT,                              -- why a failed import stopped
  report_path   TEXT,                              -- where the report was written on the stick, if it was
  created_by    TEXT REFERENCES elements (id) ON DELETE SET NULL,
  created_at    TEXT NOT NULL,
  committed_at  TEXT,
  undone_at     TEXT
) STRICT;
CREATE INDEX imports_created ON imports (created_at);

-- What staging found, one row per line (or feature, or entry) of the file. Rows outside the box's territory
-- are only counted. Kept after the commit: the report's rejected lines and the undo log read them.
CREATE TABLE import_rows (
  import_id   TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,                    -- order in the file
  line        INTEGER,                             -- line (CSV) or feature number, for the report
  source_key  TEXT,                                -- 'rna:W751234567', 'scdl:…', null when rejected before a key was read
  action      TEXT NOT NULL CHECK (action IN ('new', 'update', 'unchanged', 'rejected', 'vanished')),
  element_id  TEXT,                                -- the element updated (or created, after the commit)
  payload     TEXT,                                -- JSON: the fields to write
  conflicts   TEXT,                                -- JSON array of fields edited on the box, kept as they are
  field       TEXT,                                -- rejected: the field at fault
  reason      TEXT,                                -- rejected: why
  before      TEXT,                                -- after the commit: the element's row before it (undo)
  PRIMARY KEY (import_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX import_rows_action ON import_rows (import_id, action, seq);

-- Elements that came from a file: their key in the source, who published it under which licence, and the
-- values last written by an import (a field that differs from them now was edited on the box).
CREATE TABLE imported_elements (
  element_id  TEXT PRIMARY KEY REFERENCES elements (id) ON DELETE CASCADE,
  source_key  TEXT NOT NULL UNIQUE,
  import_id   TEXT NOT NULL REFERENCES imports (id),   -- the latest import that wrote it
  source      TEXT NOT NULL DEFAULT '',
  licence     TEXT NOT NULL DEFAULT '',
  written     TEXT NOT NULL,                           -- JSON of the fields as the import wrote them
  version     INTEGER NOT NULL,                        -- elements.version right after that write
  vanished_at TEXT                                     -- no longer in the latest file of its source (or dissolved)
) STRICT;
CREATE INDEX imported_elements_import ON imported_elements (import_id);
