// Details on demand (PROTOCOL.md): the description of an element, served by its origin or by any box that
// cached it, and checked against the hash its card names before it is kept.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { detailsHash } from './records.ts';
import { heldRecord } from './storage.ts';

/** The details text this box can serve for an element, or null. */
export function detailsText(db: Db, ownBoxId: string, origin: string, elementId: string): string | null {
  if (origin === ownBoxId) {
    const held = heldRecord(db, origin, elementId);
    if (!held || held.op !== 'put') return null;
    const row = sql(db, "SELECT description FROM elements WHERE id = ? AND origin_box = ? AND visibility = 'public' AND deleted_at IS NULL")
      .get(elementId, origin) as { description: string } | undefined;
    return row?.description ?? null;
  }
  const cached = sql(db, 'SELECT text FROM sync_details WHERE origin = ? AND element_id = ?').get(origin, elementId) as { text: string } | undefined;
  return cached?.text ?? null;
}

/** Whether a card of another box names details this box has not fetched yet. */
export function detailsMissing(db: Db, origin: string, elementId: string): boolean {
  const held = heldRecord(db, origin, elementId);
  if (!held || held.op !== 'put' || !(JSON.parse(held.raw) as { details?: string | null }).details) return false;
  return sql(db, 'SELECT 1 FROM sync_details WHERE origin = ? AND element_id = ?').get(origin, elementId) === undefined;
}

/** Keeps fetched details if they are the ones the card names; returns whether they were. */
export function keepDetails(db: Db, origin: string, elementId: string, text: string): boolean {
  const held = heldRecord(db, origin, elementId);
  if (!held || held.op !== 'put') return false;
  const named = (JSON.parse(held.raw) as { details?: string | null }).details;
  if (!named || named !== detailsHash(text)) return false;
  transaction(db, () => {
    sql(db, `INSERT INTO sync_details (origin, element_id, sha256, text) VALUES (?, ?, ?, ?)
      ON CONFLICT (origin, element_id) DO UPDATE SET sha256 = excluded.sha256, text = excluded.text`).run(origin, elementId, named, text);
    sql(db, 'UPDATE elements SET description = ? WHERE id = ? AND origin_box = ?').run(text, elementId, origin);
  });
  return true;
}
