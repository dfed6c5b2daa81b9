-- Cooperative space (issue 7, app/coop/): each organization and project has rooms (themes) holding proposals,
-- amended by its members then put to a vote; a closed vote keeps its tally, reproducible from the ballots.
-- Tables are prefixed coop_ ("actions", "rooms" would be ambiguous beside shared rooms and element actions).
-- Demo rows carry is_demo = 1 (rooms and actions; the rest cascades from the room).
CREATE TABLE coop_rooms (
  id          TEXT PRIMARY KEY,                                        -- UUIDv7
  element_id  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE, -- the organization or project
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by  TEXT REFERENCES elements (id) ON DELETE SET NULL,
  is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX coop_rooms_element ON coop_rooms (element_id, name);

CREATE TABLE coop_proposals (
  id                 TEXT PRIMARY KEY,                                 -- UUIDv7
  room_id            TEXT NOT NULL REFERENCES coop_rooms (id) ON DELETE CASCADE,
  element_id         TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE, -- the room's element, copied for lists
  author_id          TEXT REFERENCES elements (id) ON DELETE SET NULL,
  title              TEXT NOT NULL,
  body               TEXT NOT NULL,                                    -- Markdown, the current text (amendments applied)
  status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'amending', 'voting', 'adopted', 'rejected')),
  majority           TEXT NOT NULL DEFAULT 'simple' CHECK (majority IN ('simple', 'two_thirds', 'three_quarters', 'ninety')),
  anonymous          INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)), -- 1: ballots keep no voter id
  results_visible    TEXT NOT NULL DEFAULT 'after_close' CHECK (results_visible IN ('live', 'after_close')),
  amend_until        TEXT,                                             -- end of the amendment period (ISO 8601 UTC), NULL: until the vote starts
  opens_at           TEXT,                                             -- the vote's opening
  closes_at          TEXT,                                             -- the vote's planned closing
  closed_at          TEXT,                                             -- when it was actually closed
  close_clock_source TEXT CHECK (close_clock_source IS NULL OR close_clock_source IN ('network', 'browser')), -- how the box knew the time then
  tally              TEXT,                                             -- JSON counts at closing (app/coop/tally.ts), recomputable from coop_ballots
  version            INTEGER NOT NULL DEFAULT 1,                       -- +1 at each change of the text
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX coop_proposals_room ON coop_proposals (room_id, id);
CREATE INDEX coop_proposals_element ON coop_proposals (element_id, status, id);

-- Every change of a proposal's state or text: kept, never edited.
CREATE TABLE coop_proposal_history (
  id          TEXT PRIMARY KEY,                                        -- UUIDv7: sorts by time
  proposal_id TEXT NOT NULL REFERENCES coop_proposals (id) ON DELETE CASCADE,
  actor_id    TEXT REFERENCES elements (id) ON DELETE SET NULL,        -- NULL: the box itself (a deadline passed)
  event       TEXT NOT NULL CHECK (event IN ('created', 'edited', 'amending', 'amendment', 'amendment_accepted', 'amendment_rejected',
                'voting', 'adopted', 'rejected')),
  body        TEXT,                                                    -- the text after this change, when it changed
  detail      TEXT NOT NULL DEFAULT '{}',                              -- JSON: version, amendment id, tally, clock source…
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX coop_proposal_history_proposal ON coop_proposal_history (proposal_id, id);

CREATE TABLE coop_amendments (
  id          TEXT PRIMARY KEY,                                        -- UUIDv7
  proposal_id TEXT NOT NULL REFERENCES coop_proposals (id) ON DELETE CASCADE,
  author_id   TEXT REFERENCES elements (id) ON DELETE SET NULL,
  mode        TEXT NOT NULL CHECK (mode IN ('replace', 'add')),        -- replace the whole text, or add a paragraph
  body        TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
  created_at  TEXT NOT NULL,
  decided_at  TEXT
) STRICT;
CREATE INDEX coop_amendments_proposal ON coop_amendments (proposal_id, id);

-- One vote per member on an amendment, changeable while the amendment period lasts (amendment votes are not secret).
CREATE TABLE coop_amendment_votes (
  amendment_id TEXT NOT NULL REFERENCES coop_amendments (id) ON DELETE CASCADE,
  person_id    TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  choice       TEXT NOT NULL CHECK (choice IN ('for', 'against')),
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (amendment_id, person_id)
) STRICT, WITHOUT ROWID;

-- One ballot per person and proposal: the primary key makes it hold even for two requests at once.
-- ballot_key = HMAC-SHA256(box secret 'ballot_secret', proposal id + person id): the same person replaces
-- their ballot, yet for an anonymous vote no column says who cast it (voter_id stays NULL, trigger below).
-- WITHOUT ROWID: rows sort by key, not by arrival, so their order says nothing either.
CREATE TABLE coop_ballots (
  proposal_id TEXT NOT NULL REFERENCES coop_proposals (id) ON DELETE CASCADE,
  ballot_key  TEXT NOT NULL,
  voter_id    TEXT REFERENCES elements (id) ON DELETE SET NULL,        -- non-anonymous votes only
  choice      TEXT NOT NULL CHECK (choice IN ('for', 'against', 'blank')),
  cast_at     TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (proposal_id, ballot_key)
) STRICT, WITHOUT ROWID;
-- Counting reads this index alone, already grouped by choice (a tally of 5,000 ballots: see scripts/bench/coop.ts).
CREATE INDEX coop_ballots_choice ON coop_ballots (proposal_id, choice);

CREATE TRIGGER coop_ballots_anonymous BEFORE INSERT ON coop_ballots
WHEN new.voter_id IS NOT NULL AND (SELECT anonymous FROM coop_proposals WHERE id = new.proposal_id) = 1
BEGIN
  SELECT RAISE(ABORT, 'an anonymous ballot keeps no voter id');
END;

-- Actions (tasks) of a space; "late" is derived (due date passed, not done), never stored.
CREATE TABLE coop_actions (
  id          TEXT PRIMARY KEY,                                        -- UUIDv7
  element_id  TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  room_id     TEXT REFERENCES coop_rooms (id) ON DELETE SET NULL,
  proposal_id TEXT REFERENCES coop_proposals (id) ON DELETE SET NULL,  -- the resolution it carries out
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  due_date    TEXT,                                                    -- YYYY-MM-DD, the box's calendar
  status      TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
  created_by  TEXT REFERENCES elements (id) ON DELETE SET NULL,
  is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX coop_actions_element ON coop_actions (element_id, status, due_date);

CREATE TABLE coop_action_actors (
  action_id TEXT NOT NULL REFERENCES coop_actions (id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  PRIMARY KEY (action_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX coop_action_actors_person ON coop_action_actors (person_id);
