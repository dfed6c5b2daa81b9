-- The box's clock (a Pi has no battery-backed clock): how far its current time can be trusted, and the
-- time floor below which it never stamps anything (app/core/time.ts). One row. Local, never synced.
CREATE TABLE box_clock (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  -- Where the current time came from: 'network' (NTP synchronized), 'browser' (set from a box admin's
  -- browser), 'saved' (fake-hwclock restored the time saved before the last shutdown), 'unknown'.
  source      TEXT NOT NULL CHECK (source IN ('network', 'browser', 'saved', 'unknown')),
  source_at   TEXT,           -- when that source set or confirmed the time (ISO 8601, UTC)
  -- CLOCK_MONOTONIC (ms) at source_at: smaller at a later start means the box rebooted since.
  source_mono INTEGER,
  floor       TEXT NOT NULL   -- reservation: no timestamp later than this was written before it was saved
) STRICT;

-- The floor starts at the latest time already written, so a box upgraded with its clock behind keeps order.
INSERT INTO box_clock (id, source, floor)
SELECT 1, 'unknown', coalesce(max(at), '1970-01-01T00:00:00.000Z') FROM (
  SELECT max(updated_at) AS at FROM elements
  UNION ALL SELECT max(updated_at) FROM links
  UNION ALL SELECT max(created_at) FROM sessions
  UNION ALL SELECT max(created_at) FROM accounts
  UNION ALL SELECT max(created_at) FROM one_time_links
);
