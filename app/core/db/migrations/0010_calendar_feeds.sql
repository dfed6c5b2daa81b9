-- Personal calendar feeds: a secret address per person for their own agenda (members-only and private
-- events included), stored hashed like sessions and tokens; renewing replaces it, revoking deletes it.
-- Local to this box: never synced.
CREATE TABLE calendar_feeds (
  person_id    TEXT PRIMARY KEY REFERENCES elements (id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT
) STRICT;
