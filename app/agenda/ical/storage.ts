// SQL of the iCalendar feeds and imports: personal feed tokens (hashed), the extra columns a feed writes,
// and what an import sets beyond the element's own fields (UID, cancelled and moved occurrences).
import { sql, type Db } from '../../core/db/database.ts';
import { hashSecret, newSecret } from '../../core/ids.ts';
import { nowIso } from '../../core/time.ts';

// ---- Personal feed tokens -------------------------------------------------------------------------

/** A new secret feed token for this person; the old one, if any, stops working. Shown once, stored hashed. */
export function renewFeedToken(db: Db, personId: string): string {
  const token = `cal_${newSecret()}`;
  sql(db, `INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES (?, ?, ?)
    ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at, last_used_at = NULL`)
    .run(personId, hashSecret(token), nowIso());
  return token;
}

export function revokeFeedToken(db: Db, personId: string): boolean {
  return sql(db, 'DELETE FROM calendar_feeds WHERE person_id = ?').run(personId).changes > 0;
}

export function feedTokenInfo(db: Db, personId: string): { createdAt: string; lastUsedAt: string | null } | null {
  const row = sql(db, 'SELECT created_at, last_used_at FROM calendar_feeds WHERE person_id = ?').get(personId) as
    { created_at: string; last_used_at: string | null } | undefined;
  return row ? { createdAt: row.created_at, lastUsedAt: row.last_used_at } : null;
}

/** The person a feed token belongs to, or null; notes when it was last used. */
export function personForFeedToken(db: Db, token: string): string | null {
  const hash = hashSecret(token);
  const row = sql(db, 'SELECT person_id FROM calendar_feeds WHERE token_hash = ?').get(hash) as { person_id: string } | undefined;
  if (row) sql(db, 'UPDATE calendar_feeds SET last_used_at = ? WHERE token_hash = ?').run(nowIso(), hash);
  return row?.person_id ?? null;
}

// ---- What a feed writes beyond the agenda's event rows ---------------------------------------------

export interface EventDetails {
  id: string; slug: string; kind: string | null; description: string; short_description: string; tags: string; street: string;
  postal_code: string; locality: string; lat: number | null; lon: number | null; version: number; created_at: string; updated_at: string;
  place_name: string | null;
}

export function eventDetails(db: Db, ids: string[]): Map<string, EventDetails> {
  // The place's name only when it is public: a feed may be read by anyone who has its address.
  const rows = sql(db, `SELECT e.id, e.slug, e.kind, e.description, e.short_description, e.tags, e.street, e.postal_code, e.locality,
      e.lat, e.lon, e.version, e.created_at, e.updated_at,
      (SELECT p.name FROM elements p WHERE p.id = e.place_id AND p.visibility = 'public' AND p.deleted_at IS NULL) AS place_name
    FROM elements e WHERE e.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as EventDetails[];
  return new Map(rows.map((row) => [row.id, row]));
}

export interface MoveRow { event_id: string; original_start: string; starts_at: string; ends_at: string | null }

export function movesOf(db: Db, ids: string[]): Map<string, MoveRow[]> {
  const rows = sql(db, `SELECT event_id, original_start, starts_at, ends_at FROM event_moves
    WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, original_start`).all(JSON.stringify(ids)) as MoveRow[];
  const byEvent = new Map<string, MoveRow[]>();
  for (const row of rows) byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row]);
  return byEvent;
}

// ---- Imports ---------------------------------------------------------------------------------------

/** The live event an iCalendar UID names: one imported with it, or one of this box's own (`<id>@copi`). */
export function eventByUid(db: Db, uid: string): { id: string; organizedBy: string[] } | null {
  const own = /^([0-9a-f-]{36})@copi$/i.exec(uid)?.[1] ?? null;
  const row = sql(db, `SELECT id FROM elements WHERE type = 'event' AND deleted_at IS NULL
      AND (ical_uid = :uid OR (ical_uid IS NULL AND id = :own)) LIMIT 1`).get({ uid, own }) as { id: string } | undefined;
  if (!row) return null;
  const organizers = sql(db, `SELECT from_id FROM links WHERE to_id = ? AND kind = 'organizer' AND status = 'active'`)
    .all(row.id) as { from_id: string }[];
  return { id: row.id, organizedBy: organizers.map((organizer) => organizer.from_id) };
}

/** Whether some element, deleted or not, already holds this UID (the index is unique over all rows). */
export const uidTakenByDeleted = (db: Db, uid: string) =>
  sql(db, 'SELECT 1 FROM elements WHERE ical_uid = ? AND deleted_at IS NOT NULL').get(uid) !== undefined;

/**
 * What an import sets that element edits do not: the UID it came with, cancelled occurrences and moved
 * ones (replacing those stored). Call in the import's transaction, right after the element's write.
 */
export function saveImportedSeries(db: Db, eventId: string, data: { uid: string; exdates: string[]; moves: Omit<MoveRow, 'event_id'>[] }) {
  sql(db, 'UPDATE elements SET ical_uid = :uid, exdates = :exdates WHERE id = :id')
    .run({ id: eventId, uid: data.uid.endsWith('@copi') && data.uid.startsWith(eventId) ? null : data.uid, exdates: JSON.stringify(data.exdates) });
  sql(db, 'DELETE FROM event_moves WHERE event_id = ?').run(eventId);
  for (const move of data.moves) {
    sql(db, 'INSERT INTO event_moves (event_id, original_start, starts_at, ends_at) VALUES (?, ?, ?, ?)')
      .run(eventId, move.original_start, move.starts_at, move.ends_at);
  }
}
