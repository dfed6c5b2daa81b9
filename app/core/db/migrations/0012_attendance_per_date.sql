-- Going to a recurring event means going to one of its dates: a weekly workshop with 12 places has 12 places
-- each week. `occurrence` is the date's original start (ISO UTC, as RECURRENCE-ID); '' for a single event.
-- Local to this box's agenda (never synced), so the table is rebuilt with the date in its key.
CREATE TABLE event_attendance_by_date (
  event_id   TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL DEFAULT '',
  person_id  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('going', 'interested', 'waiting')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, occurrence, person_id)
) STRICT, WITHOUT ROWID;
INSERT INTO event_attendance_by_date (event_id, occurrence, person_id, status, created_at)
  SELECT event_id, '', person_id, status, created_at FROM event_attendance;
DROP TABLE event_attendance;
ALTER TABLE event_attendance_by_date RENAME TO event_attendance;
CREATE INDEX event_attendance_person ON event_attendance (person_id, status);
