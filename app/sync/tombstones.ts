// Tombstones (PROTOCOL.md, "Tombstones"): a delete record is kept while some peer that receives its origin
// from this box has not acknowledged past it, then collected. The card's own row keeps the seq of its
// deletion, so a late record cannot bring it back after.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { listPeers } from './storage.ts';

/** Removes the delete records every receiving peer holds; returns how many went. */
export function collectTombstones(db: Db, ownBoxId: string): number {
  return transaction(db, () => {
    const peers = listPeers(db);
    const origins = sql(db, "SELECT DISTINCT r.origin, o.epoch FROM sync_records r JOIN sync_origins o ON o.origin = r.origin WHERE r.op = 'delete'")
      .all() as { origin: string; epoch: string }[];
    const ack = sql(db, 'SELECT seq FROM sync_acks WHERE peer = ? AND origin = ? AND epoch = ?').pluck();
    let collected = 0;
    for (const { origin, epoch } of origins) {
      const receivers = peers.filter((peer) => peer.boxId !== origin && (origin === ownBoxId || peer.relayTo));
      const floor = Math.min(...receivers.map((peer) => (ack.get(peer.boxId, origin, epoch) as number | undefined) ?? 0));
      // No receiver: nobody will ever ask; a peer added later starts from nothing and needs no tombstone.
      const upTo = receivers.length === 0 ? Number.MAX_SAFE_INTEGER : floor;
      collected += sql(db, "DELETE FROM sync_records WHERE origin = ? AND op = 'delete' AND seq <= ?").run(origin, upTo).changes;
    }
    return collected;
  });
}
