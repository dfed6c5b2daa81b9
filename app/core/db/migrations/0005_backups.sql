-- Backups: mark the file as a CoPi database, and keep a log of every backup and restore.

-- "CoPi" in ASCII (0x436F5069), written in the file header: a restore recognises a CoPi database by it
-- (`file` and other tools show it too). Databases from before this migration are recognised by their tables.
PRAGMA application_id = 1131368553;

-- One row per backup or restore attempt, shown on the admin page. Local to this box, never synced.
CREATE TABLE backup_runs (
  id          TEXT PRIMARY KEY,             -- UUIDv7
  kind        TEXT NOT NULL,                -- nightly, manual, usb, pre-restore, restore
  target      TEXT NOT NULL,                -- the file written (or restored from)
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  bytes       INTEGER,                      -- size of the file written, NULL on failure
  ok          INTEGER NOT NULL,             -- 1 or 0
  error       TEXT                          -- JSON {"reason", "params"} when ok = 0
) STRICT;
CREATE INDEX backup_runs_started ON backup_runs (started_at);
