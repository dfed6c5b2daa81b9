-- In-app notifications: one row per person told. `kind` says what happened, `subject_url` where to look,
-- `params` (JSON) what the message needs (names, dates). Settings hold only the kinds a person turned off.
CREATE TABLE notifications (
  id          TEXT PRIMARY KEY,                                   -- UUIDv7: its order is arrival order
  person_id   TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  actor_id    TEXT REFERENCES elements (id) ON DELETE SET NULL,
  subject_url TEXT NOT NULL,
  params      TEXT NOT NULL DEFAULT '{}',
  read_at     TEXT,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX notifications_person ON notifications (person_id, id);
CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;

CREATE TABLE notification_settings (
  person_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  kind      TEXT NOT NULL,
  PRIMARY KEY (person_id, kind)
) STRICT, WITHOUT ROWID;
