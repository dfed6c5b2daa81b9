// What a peer receives from this box: its own records, and those of other origins when the admin lets this
// box relay to that peer (under the hop limit), filtered by the types and zones shared with it; in
// (origin, seq) order after the peer's cursors, a page at a time so memory stays flat whatever the backlog.
import { sql, type Db } from '../core/db/database.ts';
import { communesOfZoneSql } from '../zones/communes.ts';
import { hopLimit, type Envelope } from './records.ts';
import { refreshOwnRecords } from './own.ts';
import type { Cursor, Peer } from './storage.ts';

/** Origins a peer may receive from this box, with where its records start for that peer. */
function startingPoints(db: Db, ownBoxId: string, peer: Peer, cursors: Record<string, Cursor>) {
  const origins = sql(db, 'SELECT origin, epoch FROM sync_origins ORDER BY origin').all() as { origin: string; epoch: string }[];
  return origins
    .filter(({ origin }) => origin !== peer.boxId && (origin === ownBoxId || peer.relayTo))
    .map(({ origin, epoch }) => {
      const cursor = cursors[origin];
      // A cursor of another epoch counts for nothing: that origin starts over.
      return { origin, after: cursor && cursor.epoch === epoch ? cursor.seq : 0 };
    });
}

const pageSize = 200;

export interface OutgoingRow {
  origin: string; element_id: string; seq: number; op: string; type: string | null; commune_insee: string | null; raw: string; sig: string;
  hops: number; received_from: string | null;
}

const columns = 'origin, element_id, seq, op, type, commune_insee, raw, sig, hops, received_from';

/** What the sharing rule reads of a held record. */
export type SharingRow = Omit<OutgoingRow, 'raw' | 'sig'>;

/** Whether a held record goes to this peer: not back where it came from, under the hop limit, shared with it. */
export function sharedWith(db: Db, ownBoxId: string, peer: Peer): (row: SharingRow) => boolean {
  const communes = sharedCommunes(db, peer.shareZones);
  const types = new Set(peer.shareTypes);
  return (row) => {
    if (row.origin === peer.boxId || row.received_from === peer.boxId || row.hops >= hopLimit) return false;
    if (row.origin !== ownBoxId && !peer.relayTo) return false;
    // Tombstones always go: a card that left a shared zone or type must leave the peer too.
    return row.op === 'delete' || (types.has(row.type!) && (!communes || (row.commune_insee !== null && communes.has(row.commune_insee))));
  };
}

export const envelopeOf = (row: OutgoingRow): Envelope => ({ r: row.raw, s: row.sig, h: row.hops });

/** Up to `limit` envelopes for `peer`, after its cursors. Own records are signed first. */
export function* recordsFor(db: Db, ownBoxId: string, peer: Peer, cursors: Record<string, Cursor>, limit: number): Generator<Envelope & { origin: string; seq: number }> {
  refreshOwnRecords(db);
  const shared = sharedWith(db, ownBoxId, peer);
  const page = sql(db, `SELECT ${columns} FROM sync_records WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ${pageSize}`);
  let sent = 0;
  for (const { origin, after } of startingPoints(db, ownBoxId, peer, cursors)) {
    for (let since = after; ;) {
      const rows = page.all(origin, since) as OutgoingRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        since = row.seq;
        if (!shared(row)) continue;
        yield { ...envelopeOf(row), origin: row.origin, seq: row.seq };
        if (++sent >= limit) return;
      }
    }
  }
}

/** The records of these elements of one origin that `peer` may receive (the repair's pull). */
export function recordsByIds(db: Db, ownBoxId: string, peer: Peer, origin: string, ids: string[]): Envelope[] {
  refreshOwnRecords(db);
  const shared = sharedWith(db, ownBoxId, peer);
  const one = sql(db, `SELECT ${columns} FROM sync_records WHERE origin = ? AND element_id = ?`);
  return ids.map((id) => one.get(origin, id) as OutgoingRow | undefined).filter((row): row is OutgoingRow => !!row && shared(row)).map(envelopeOf);
}

/** The communes of the zones shared with a peer; null when none are named (everything is shared). */
function sharedCommunes(db: Db, zones: string[]): Set<string> | null {
  if (zones.length === 0) return null;
  const communes = new Set<string>();
  const query = sql(db, `SELECT DISTINCT * FROM (${communesOfZoneSql('zone')})`).pluck();
  for (const zone of zones) for (const insee of query.all({ zone }) as string[]) communes.add(insee);
  return communes;
}
