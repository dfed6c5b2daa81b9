-- One date of a repeated booking can be cancelled (a holiday) while the rest stands: its slot is given
-- back, and its start (ISO UTC, as the slot had it) is kept here so the room's feed writes an EXDATE.
ALTER TABLE bookings ADD COLUMN exdates TEXT NOT NULL DEFAULT '[]';
