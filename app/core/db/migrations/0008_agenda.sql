-- Agenda: events get a time zone, a recurrence (RFC 5545 RRULE, never expanded into rows), cancelled
-- occurrences (EXDATE), a stable iCalendar UID and a capacity; moved occurrences and attendance get
-- their own tables. Added, never renamed: elements sync between boxes.
ALTER TABLE elements ADD COLUMN timezone TEXT;                      -- IANA name; NULL: the box's
ALTER TABLE elements ADD COLUMN rrule TEXT;                         -- RRULE value without "RRULE:"; NULL: a single date
ALTER TABLE elements ADD COLUMN exdates TEXT NOT NULL DEFAULT '[]'; -- JSON array of ISO UTC original starts cancelled
ALTER TABLE elements ADD COLUMN ical_uid TEXT;                      -- iCalendar UID; NULL: '<id>@copi'
ALTER TABLE elements ADD COLUMN capacity INTEGER;                   -- places for "going"; NULL: unlimited
-- Imports are idempotent by UID: a re-import finds the event it made.
CREATE UNIQUE INDEX elements_ical_uid ON elements (ical_uid) WHERE ical_uid IS NOT NULL;
-- Lists of the agenda read recurring events apart from dated ones.
CREATE INDEX elements_recurring ON elements (type) WHERE rrule IS NOT NULL;

-- An occurrence of a series moved elsewhere (iCalendar RECURRENCE-ID). A cancelled one is only in exdates.
CREATE TABLE event_moves (
  event_id       TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  original_start TEXT NOT NULL,   -- ISO UTC start the rule gives
  starts_at      TEXT NOT NULL,   -- ISO UTC
  ends_at        TEXT,
  PRIMARY KEY (event_id, original_start)
) STRICT, WITHOUT ROWID;

-- Who goes to an event: 'going' counts against the capacity, beyond it 'waiting' (first come, first
-- moved up), 'interested' never counts. One row per person and event.
CREATE TABLE event_attendance (
  event_id   TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  person_id  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('going', 'interested', 'waiting')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_attendance_person ON event_attendance (person_id, status);
