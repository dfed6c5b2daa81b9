-- Mutual aid (app/aid/): the matches the box proposed between a need and an offer when one of them was posted.
-- The entry's page lists them; either side's admins may dismiss one (then it is gone for both sides).
-- Local to this box: matches are computed from what this box holds, never synced.
CREATE TABLE aid_matches (
  need_id      TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,  -- an element of type 'aid', kind 'need'
  offer_id     TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,  -- an element of type 'aid', kind 'offer'
  score        REAL NOT NULL,                                             -- 0..1: nearness, words in common, recency
  reasons      TEXT NOT NULL DEFAULT '{}',                                -- JSON {distanceKm, sameZone, words}, shown as "3 km away"…
  created_at   TEXT NOT NULL,                                             -- when first proposed
  dismissed_at TEXT,                                                      -- an admin of either side said it does not fit
  is_demo      INTEGER NOT NULL DEFAULT 0,                                -- proposed between demo entries: removed with them
  PRIMARY KEY (need_id, offer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX aid_matches_offer ON aid_matches (offer_id, need_id);
