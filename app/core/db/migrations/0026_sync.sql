-- Federation (app/sync/, protocol in app/sync/PROTOCOL.md): peers, the origins whose records this box holds,
-- the records themselves (the latest per element, as signed by their origin), and cursors per peer.

-- Boxes this box's admin added, with what is shared with them.
CREATE TABLE sync_peers (
  box_id          TEXT PRIMARY KEY,                 -- derived from its public key
  public_key      TEXT NOT NULL,                    -- base64url raw Ed25519 key
  url             TEXT NOT NULL,                    -- http://host:port of the peer
  name            TEXT NOT NULL DEFAULT '',         -- the name it gave in hello
  share_types     TEXT NOT NULL DEFAULT '[]',       -- JSON array of element types sent to it
  share_zones     TEXT NOT NULL DEFAULT '[]',       -- JSON array of zone ids; empty: the whole territory
  relay_to        INTEGER NOT NULL DEFAULT 0,       -- 1: records of other origins are forwarded to it
  accept_relayed  TEXT NOT NULL DEFAULT 'trusted' CHECK (accept_relayed IN ('none', 'trusted', 'all')),
  schedule        TEXT NOT NULL DEFAULT '',         -- cron expression; empty: by hand only
  created_at      TEXT NOT NULL,
  last_sync_at    TEXT,                             -- for the admin page only
  last_error      TEXT
) STRICT;

-- Every origin whose records this box holds (itself included), and what it knows of it.
CREATE TABLE sync_origins (
  origin      TEXT PRIMARY KEY,
  public_key  TEXT NOT NULL,
  epoch       TEXT NOT NULL,
  name        TEXT NOT NULL DEFAULT '',
  trusted     INTEGER NOT NULL DEFAULT 0            -- 1: accepted when a relay brings it
) STRICT;

-- Epochs an origin left behind: their records are ignored if they come late.
CREATE TABLE sync_retired_epochs (
  origin TEXT NOT NULL,
  epoch  TEXT NOT NULL,
  PRIMARY KEY (origin, epoch)
) STRICT, WITHOUT ROWID;

-- The latest record of each element, exactly as signed by its origin.
CREATE TABLE sync_records (
  origin       TEXT NOT NULL,
  element_id   TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  epoch        TEXT NOT NULL,
  op           TEXT NOT NULL CHECK (op IN ('put', 'delete')),
  type         TEXT,                                -- of the card, for the peers' share filters
  commune_insee TEXT,
  raw          TEXT NOT NULL,                       -- the signed record text
  sig          TEXT NOT NULL,
  hops         INTEGER NOT NULL DEFAULT 0,
  received_from TEXT,                               -- null: made here
  PRIMARY KEY (origin, element_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX sync_records_seq ON sync_records (origin, seq);
-- The tombstones alone: collecting them (at every pull a peer makes) reads these, not every record.
CREATE INDEX sync_records_tombstones ON sync_records (origin, seq) WHERE op = 'delete';

-- Per peer and origin: the highest seq received from that peer (pull or push), in that origin's epoch.
CREATE TABLE sync_cursors (
  peer   TEXT NOT NULL,
  origin TEXT NOT NULL,
  epoch  TEXT NOT NULL,
  seq    INTEGER NOT NULL,
  PRIMARY KEY (peer, origin)
) STRICT, WITHOUT ROWID;

-- Per peer and origin: what the peer said it holds from us (its cursors, sent with its pulls): tombstones
-- every peer holds can be collected.
CREATE TABLE sync_acks (
  peer   TEXT NOT NULL,
  origin TEXT NOT NULL,
  epoch  TEXT NOT NULL,
  seq    INTEGER NOT NULL,
  PRIMARY KEY (peer, origin)
) STRICT, WITHOUT ROWID;

-- Details (description, links) fetched on demand for cards of other boxes, checked against the card's hash.
CREATE TABLE sync_details (
  origin     TEXT NOT NULL,
  element_id TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  text       TEXT NOT NULL,
  PRIMARY KEY (origin, element_id)
) STRICT, WITHOUT ROWID;

-- Nonces of signed requests already served (a replayed request is refused); the oldest are pruned.
CREATE TABLE sync_nonces (
  nonce TEXT PRIMARY KEY,
  seen  INTEGER NOT NULL                            -- insertion order, for pruning
) STRICT;
