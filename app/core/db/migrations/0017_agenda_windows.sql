-- An agenda window reads its events through indexes instead of every event of the box: dated events by
-- their start (elements_starts), the few that last more than a month by this index, series by
-- elements_recurring, moved occurrences by their new start.
CREATE INDEX elements_long_events ON elements (starts_at)
  WHERE type = 'event' AND rrule IS NULL AND julianday(ends_at) - julianday(starts_at) > 31;
CREATE INDEX event_moves_starts ON event_moves (starts_at);
