-- Shared rooms: rooms of a place (a POI element), bookings of them by organizations, and the slots
-- those bookings hold. A booking that waits for approval or was approved holds its slots; a refused or
-- cancelled one gives them back. Slots are the booking's occurrences written out (a booking always has an
-- end: at most 500 occurrences within 2 years), so an overlap is one indexed range read per occurrence.

CREATE TABLE rooms (
  id             TEXT PRIMARY KEY,                                   -- UUIDv7
  place_id       TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  capacity       INTEGER CHECK (capacity IS NULL OR capacity > 0),
  equipment      TEXT NOT NULL DEFAULT '',
  accessibility  TEXT NOT NULL DEFAULT '',
  rules          TEXT NOT NULL DEFAULT '',
  photos         TEXT NOT NULL DEFAULT '',                            -- free text until photos are uploaded
  booking_policy TEXT NOT NULL CHECK (booking_policy IN ('open', 'organizations', 'approval')),
  is_demo        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX rooms_place ON rooms (place_id, name);

-- For booking_policy = 'organizations': the organizations whose admins may book.
CREATE TABLE room_organizations (
  room_id         TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  PRIMARY KEY (room_id, organization_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE bookings (
  id              TEXT PRIMARY KEY,                                  -- UUIDv7
  room_id         TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  requested_by    TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  purpose         TEXT NOT NULL,
  starts_at       TEXT NOT NULL,                                     -- first occurrence, ISO UTC
  ends_at         TEXT NOT NULL,
  timezone        TEXT NOT NULL,                                     -- the rule counts in it
  rrule           TEXT,                                              -- RRULE value without "RRULE:"; NULL: one slot
  status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'cancelled')),
  answer          TEXT NOT NULL DEFAULT '',                          -- the place admin's message
  answered_by     TEXT REFERENCES elements (id) ON DELETE SET NULL,
  answered_at     TEXT,
  public_event    INTEGER NOT NULL DEFAULT 0,                        -- asked to become a public event once approved
  event_id        TEXT REFERENCES elements (id) ON DELETE SET NULL,
  is_demo         INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX bookings_room ON bookings (room_id, status, starts_at);
CREATE INDEX bookings_organization ON bookings (organization_id, created_at);

-- Occurrences of pending and approved bookings only. Instants are ISO UTC with milliseconds
-- ("2027-03-18T17:00:00.000Z"), so text order is time order.
CREATE TABLE booking_slots (
  room_id    TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  starts_at  TEXT NOT NULL,
  ends_at    TEXT NOT NULL,
  booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  PRIMARY KEY (room_id, starts_at, booking_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX booking_slots_booking ON booking_slots (booking_id);

-- What a requester is told when a place admin answers (until the box has notifications).
CREATE TABLE booking_notices (
  id              TEXT PRIMARY KEY,                                  -- UUIDv7
  organization_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  booking_id      TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  status          TEXT NOT NULL,                                     -- approved, refused, cancelled
  message         TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX booking_notices_organization ON booking_notices (organization_id, created_at);
