// Anti-entropy (PROTOCOL.md, "Digests"): per origin, 16 buckets of (element id, seq) hashed, so two boxes
// find where they differ by comparing 16 hashes, then lists of one bucket, then pull only what is newer.
import { createHash } from 'node:crypto';
import { sql, type Db } from '../core/db/database.ts';
import { sharedWith, type SharingRow } from './outgoing.ts';
import { refreshOwnRecords } from './own.ts';
import type { Peer } from './storage.ts';

export interface OriginDigest {
  epoch: string;
  count: number;
  buckets: string[];
}

export const bucketOf = (elementId: string) => parseInt(elementId.at(-1)!, 16);

// Digests and the sharing rule never need the record texts (10,000 records: ~8 MB read and dropped each time).
const columns = 'origin, element_id, seq, op, type, commune_insee, hops, received_from';

function digestOfRows(rows: Iterable<{ element_id: string; seq: number }>): { count: number; buckets: string[] } {
  const hashes = Array.from({ length: 16 }, () => createHash('sha256'));
  let count = 0;
  for (const row of rows) {
    hashes[bucketOf(row.element_id)].update(`${row.element_id} ${row.seq}\n`);
    count++;
  }
  return { count, buckets: hashes.map((hash) => hash.digest('hex')) };
}

const rowsOf = (db: Db, origin: string) =>
  sql(db, `SELECT ${columns} FROM sync_records WHERE origin = ? ORDER BY element_id`).all(origin) as SharingRow[];

/** One bucket's rows only (a repair asks up to 16 buckets of an origin: not the whole origin each time). */
const bucketRowsOf = (db: Db, origin: string, bucket: number) =>
  sql(db, `SELECT ${columns} FROM sync_records WHERE origin = ? AND lower(substr(element_id, -1)) = ? ORDER BY element_id`)
    .all(origin, bucket.toString(16)) as SharingRow[];

/** Digests of what `peer` may receive from this box, per origin. */
export function digestFor(db: Db, ownBoxId: string, peer: Peer): Record<string, OriginDigest> {
  refreshOwnRecords(db);
  const shared = sharedWith(db, ownBoxId, peer);
  const origins = sql(db, 'SELECT origin, epoch FROM sync_origins ORDER BY origin').all() as { origin: string; epoch: string }[];
  const digests: Record<string, OriginDigest> = {};
  for (const { origin, epoch } of origins) {
    const rows = rowsOf(db, origin).filter(shared);
    if (rows.length > 0) digests[origin] = { epoch, ...digestOfRows(rows) };
  }
  return digests;
}

/** This box's own digest of one origin (everything it holds of it, whoever brought it). */
export function localDigest(db: Db, origin: string): OriginDigest | null {
  const epoch = (sql(db, 'SELECT epoch FROM sync_origins WHERE origin = ?').get(origin) as { epoch: string } | undefined)?.epoch;
  return epoch ? { epoch, ...digestOfRows(rowsOf(db, origin)) } : null;
}

/** The (id, seq) of one bucket that `peer` may receive. */
export function bucketFor(db: Db, ownBoxId: string, peer: Peer, origin: string, bucket: number): { id: string; seq: number }[] {
  const shared = sharedWith(db, ownBoxId, peer);
  return bucketRowsOf(db, origin, bucket).filter(shared).map((row) => ({ id: row.element_id, seq: row.seq }));
}

/** This box's seq for each element of one origin and bucket. */
export function localBucket(db: Db, origin: string, bucket: number): Map<string, number> {
  return new Map(bucketRowsOf(db, origin, bucket).map((row) => [row.element_id, row.seq]));
}

/** One hash of every record this box holds (origin, element, seq, op): equal on boxes that converged. */
export function stateDigest(db: Db): string {
  const hash = createHash('sha256');
  for (const row of sql(db, 'SELECT origin, element_id, seq, op FROM sync_records ORDER BY origin, element_id').iterate() as Iterable<{ origin: string; element_id: string; seq: number; op: string }>) {
    hash.update(`${row.origin} ${row.element_id} ${row.seq} ${row.op}\n`);
  }
  return hash.digest('hex');
}
