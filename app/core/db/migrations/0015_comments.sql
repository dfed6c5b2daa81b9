-- Threaded comments on a subject (a post, or an element such as an event; proposals later), and
-- reports of abuse on posts and comments. A comment hidden by moderation is gone from every read path;
-- a deleted comment with replies keeps its place as "deleted" so the thread stays readable.
CREATE TABLE comments (
  id           TEXT PRIMARY KEY,                                  -- UUIDv7
  subject_type TEXT NOT NULL,                                     -- 'post' or 'element' (code checks: 'proposal' needs no rebuild)
  subject_id   TEXT NOT NULL,                                     -- posts.id or elements.id
  parent_id    TEXT REFERENCES comments (id) ON DELETE CASCADE,   -- the comment it answers
  author_id    TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  body         TEXT NOT NULL,
  hidden_at    TEXT,
  hidden_by    TEXT REFERENCES elements (id) ON DELETE SET NULL,
  deleted_at   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX comments_subject ON comments (subject_type, subject_id, id);
CREATE INDEX comments_parent ON comments (parent_id);
CREATE INDEX comments_author ON comments (author_id, id);

-- Who moderates a report: the box admins, and the admins of its scope, the element the reported content
-- lives on (a post's wall, a comment's element, or the wall of the post a comment answers). It never
-- changes (a post stays on its wall, a comment on its subject), so it is written once with the report.
CREATE TABLE reports (
  id          TEXT PRIMARY KEY,                                   -- UUIDv7
  target_type TEXT NOT NULL CHECK (target_type IN ('post', 'comment')),
  target_id   TEXT NOT NULL,
  scope_id    TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  reporter_id TEXT NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
  reason      TEXT NOT NULL,                                      -- one of moderation/model.ts's reportReasons
  details     TEXT NOT NULL DEFAULT '',                           -- the reporter's own words
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'hidden', 'kept')),
  decided_by  TEXT REFERENCES elements (id) ON DELETE SET NULL,
  decided_at  TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (target_type, target_id, reporter_id)
) STRICT;
CREATE INDEX reports_open ON reports (status, target_type, target_id);
CREATE INDEX reports_scope ON reports (scope_id, status);
CREATE INDEX reports_reporter ON reports (reporter_id);
