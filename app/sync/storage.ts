// The sync tables (migration 0026): peers, origins, the latest record per element, cursors and acks.
import { sql, type Db } from '../core/db/database.ts';
import type { Envelope, SyncRecord } from './records.ts';

export interface Peer {
  boxId: string;
  publicKey: string;
  url: string;
  name: string;
  shareTypes: string[];
  shareZones: string[];
  relayTo: boolean;
  acceptRelayed: 'none' | 'trusted' | 'all';
  schedule: string;
  createdAt: string;
  lastSyncAt: string | null;
  lastError: string | null;
}

interface PeerRow {
  box_id: string; public_key: string; url: string; name: string; share_types: string; share_zones: string; relay_to: number;
  accept_relayed: Peer['acceptRelayed']; schedule: string; created_at: string; last_sync_at: string | null; last_error: string | null;
}

const peerOf = (row: PeerRow): Peer => ({
  boxId: row.box_id, publicKey: row.public_key, url: row.url, name: row.name, shareTypes: JSON.parse(row.share_types),
  shareZones: JSON.parse(row.share_zones), relayTo: row.relay_to === 1, acceptRelayed: row.accept_relayed, schedule: row.schedule,
  createdAt: row.created_at, lastSyncAt: row.last_sync_at, lastError: row.last_error,
});

export const findPeer = (db: Db, boxId: string) => {
  const row = sql(db, 'SELECT * FROM sync_peers WHERE box_id = ?').get(boxId) as PeerRow | undefined;
  return row ? peerOf(row) : null;
};

export const listPeers = (db: Db) => (sql(db, 'SELECT * FROM sync_peers ORDER BY name, box_id').all() as PeerRow[]).map(peerOf);

export function savePeer(db: Db, peer: Peer) {
  sql(db, `INSERT INTO sync_peers (box_id, public_key, url, name, share_types, share_zones, relay_to, accept_relayed, schedule, created_at, last_sync_at, last_error)
    VALUES (:box_id, :public_key, :url, :name, :share_types, :share_zones, :relay_to, :accept_relayed, :schedule, :created_at, :last_sync_at, :last_error)
    ON CONFLICT (box_id) DO UPDATE SET url = excluded.url, name = excluded.name, share_types = excluded.share_types,
      share_zones = excluded.share_zones, relay_to = excluded.relay_to, accept_relayed = excluded.accept_relayed, schedule = excluded.schedule`).run({
    box_id: peer.boxId, public_key: peer.publicKey, url: peer.url, name: peer.name, share_types: JSON.stringify(peer.shareTypes),
    share_zones: JSON.stringify(peer.shareZones), relay_to: peer.relayTo ? 1 : 0, accept_relayed: peer.acceptRelayed, schedule: peer.schedule,
    created_at: peer.createdAt, last_sync_at: peer.lastSyncAt, last_error: peer.lastError,
  });
}

export const removePeer = (db: Db, boxId: string) => {
  sql(db, 'DELETE FROM sync_cursors WHERE peer = ?').run(boxId);
  sql(db, 'DELETE FROM sync_acks WHERE peer = ?').run(boxId);
  return sql(db, 'DELETE FROM sync_peers WHERE box_id = ?').run(boxId).changes === 1;
};

export const notePeerSync = (db: Db, boxId: string, at: string, error: string | null) =>
  sql(db, 'UPDATE sync_peers SET last_sync_at = CASE WHEN ? IS NULL THEN ? ELSE last_sync_at END, last_error = ? WHERE box_id = ?').run(error, at, error, boxId);

// ---- origins ----

export interface Origin {
  origin: string;
  publicKey: string;
  epoch: string;
  name: string;
  trusted: boolean;
}

export const findOrigin = (db: Db, origin: string): Origin | null => {
  const row = sql(db, 'SELECT * FROM sync_origins WHERE origin = ?').get(origin) as
    { origin: string; public_key: string; epoch: string; name: string; trusted: number } | undefined;
  return row ? { origin: row.origin, publicKey: row.public_key, epoch: row.epoch, name: row.name, trusted: row.trusted === 1 } : null;
};

export function saveOrigin(db: Db, origin: Origin) {
  sql(db, `INSERT INTO sync_origins (origin, public_key, epoch, name, trusted) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (origin) DO UPDATE SET epoch = excluded.epoch, name = CASE WHEN excluded.name = '' THEN name ELSE excluded.name END,
      trusted = excluded.trusted`)
    .run(origin.origin, origin.publicKey, origin.epoch, origin.name, origin.trusted ? 1 : 0);
}

export const originNames = (db: Db) =>
  new Map((sql(db, 'SELECT origin, name FROM sync_origins').all() as { origin: string; name: string }[]).map((row) => [row.origin, row.name]));

export const isRetiredEpoch = (db: Db, origin: string, epoch: string) =>
  sql(db, 'SELECT 1 FROM sync_retired_epochs WHERE origin = ? AND epoch = ?').get(origin, epoch) !== undefined;

export const retireEpoch = (db: Db, origin: string, epoch: string) =>
  sql(db, 'INSERT OR IGNORE INTO sync_retired_epochs (origin, epoch) VALUES (?, ?)').run(origin, epoch);

// ---- records ----

export interface HeldRecord {
  origin: string; element_id: string; seq: number; epoch: string; op: 'put' | 'delete'; type: string | null; commune_insee: string | null;
  raw: string; sig: string; hops: number; received_from: string | null;
}

export const heldRecord = (db: Db, origin: string, elementId: string) =>
  sql(db, 'SELECT * FROM sync_records WHERE origin = ? AND element_id = ?').get(origin, elementId) as HeldRecord | undefined;

export function saveRecord(db: Db, record: SyncRecord, envelope: Envelope, receivedFrom: string | null) {
  // A seq is unique per origin: a record that supersedes another element's record at the same seq cannot exist
  // (the origin numbers every change once), except in a retired epoch, whose records are gone by then.
  sql(db, `INSERT INTO sync_records (origin, element_id, seq, epoch, op, type, commune_insee, raw, sig, hops, received_from)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (origin, element_id) DO UPDATE SET seq = excluded.seq, epoch = excluded.epoch, op = excluded.op, type = excluded.type,
      commune_insee = excluded.commune_insee, raw = excluded.raw, sig = excluded.sig, hops = excluded.hops, received_from = excluded.received_from`)
    .run(record.origin, record.id, record.seq, record.epoch, record.op, record.card?.type ?? null, record.card?.communeInsee ?? null,
      envelope.r, envelope.s, envelope.h, receivedFrom);
}

export const forgetOriginRecords = (db: Db, origin: string) => sql(db, 'DELETE FROM sync_records WHERE origin = ?').run(origin);

export const maxHeldSeq = (db: Db, origin: string, epoch: string) =>
  (sql(db, 'SELECT coalesce(max(seq), 0) AS seq FROM sync_records WHERE origin = ? AND epoch = ?').get(origin, epoch) as { seq: number }).seq;

/** Origins this box holds records of, with their epoch. */
export const heldOrigins = (db: Db) =>
  sql(db, 'SELECT o.origin, o.epoch FROM sync_origins o WHERE EXISTS (SELECT 1 FROM sync_records r WHERE r.origin = o.origin) ORDER BY o.origin')
    .all() as { origin: string; epoch: string }[];

// ---- cursors: what this box received from each peer, per origin ----

export interface Cursor {
  epoch: string;
  seq: number;
}

export function cursorsFrom(db: Db, peer: string): Record<string, Cursor> {
  const rows = sql(db, 'SELECT origin, epoch, seq FROM sync_cursors WHERE peer = ?').all(peer) as { origin: string; epoch: string; seq: number }[];
  return Object.fromEntries(rows.map((row) => [row.origin, { epoch: row.epoch, seq: row.seq }]));
}

/** Moves a cursor forward (never back, within an epoch). */
export function advanceCursor(db: Db, peer: string, origin: string, epoch: string, seq: number) {
  sql(db, `INSERT INTO sync_cursors (peer, origin, epoch, seq) VALUES (?, ?, ?, ?)
    ON CONFLICT (peer, origin) DO UPDATE SET seq = CASE WHEN epoch = excluded.epoch THEN max(seq, excluded.seq) ELSE excluded.seq END,
      epoch = excluded.epoch`).run(peer, origin, epoch, seq);
}

export const resetCursorsOf = (db: Db, origin: string) => sql(db, 'DELETE FROM sync_cursors WHERE origin = ?').run(origin);

/** What a peer said it holds from this box, per origin (its cursors, sent with its pulls and bundles). */
export function acksOf(db: Db, peer: string): Record<string, Cursor> {
  const rows = sql(db, 'SELECT origin, epoch, seq FROM sync_acks WHERE peer = ?').all(peer) as { origin: string; epoch: string; seq: number }[];
  return Object.fromEntries(rows.map((row) => [row.origin, { epoch: row.epoch, seq: row.seq }]));
}

/** What a peer said it holds (its cursors for us, sent with its pulls). */
export function saveAcks(db: Db, peer: string, cursors: Record<string, Cursor>) {
  const save = sql(db, `INSERT INTO sync_acks (peer, origin, epoch, seq) VALUES (?, ?, ?, ?)
    ON CONFLICT (peer, origin) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq`);
  for (const [origin, cursor] of Object.entries(cursors)) save.run(peer, origin, cursor.epoch, cursor.seq);
}
