// Cards of other boxes in this box's elements: written only here, from their origin's signed records, so
// search, map and agenda show them like any element. Nobody on this box administers them (the permission
// rule, app/permissions/visibility.ts); only their origin changes them.
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { addTags, uniqueSlug } from '../elements/storage.ts';
import type { Card, SyncRecord } from './records.ts';

const cardParams = (card: Card) => ({
  type: card.type, kind: card.kind, name: card.name, short_description: card.shortDescription, tags: JSON.stringify(card.tags),
  postal_code: card.postalCode, commune_insee: card.communeInsee, locality: card.locality, lat: card.lat, lon: card.lon,
  starts_at: card.startsAt, ends_at: card.endsAt, all_day: card.allDay ? 1 : 0, timezone: card.timezone, rrule: card.rrule, url: card.url,
  category: card.category, price_cents: card.priceCents, currency: card.currency, expires_at: card.expiresAt, closed_at: card.closedAt,
});

/** Writes a put record's card: a new element, or the one this origin wrote before. */
export function writeCard(db: Db, record: SyncRecord) {
  const card = record.card!;
  const now = nowIso();
  const existing = sql(db, 'SELECT deleted_at FROM elements WHERE id = ?').get(record.id) as { deleted_at: string | null } | undefined;
  if (existing) {
    sql(db, `UPDATE elements SET type = :type, kind = :kind, name = :name, short_description = :short_description, tags = :tags,
        postal_code = :postal_code, commune_insee = :commune_insee, locality = :locality, lat = :lat, lon = :lon, starts_at = :starts_at,
        ends_at = :ends_at, all_day = :all_day, timezone = :timezone, rrule = :rrule, url = :url, category = :category,
        price_cents = :price_cents, currency = :currency, expires_at = :expires_at, closed_at = :closed_at, visibility = 'public',
        description = CASE WHEN :same_details = 1 THEN description ELSE '' END,
        slug = coalesce(:slug, slug),
        deleted_at = NULL, origin_seq = :seq, version = version + 1, updated_at = :now
      WHERE id = :id`).run({
      ...cardParams(card), id: record.id, seq: record.seq, now, same_details: sameDetails(db, record) ? 1 : 0,
      // A card back after its deletion gets a slug from its name again (its tombstone had none).
      slug: existing.deleted_at === null ? null : uniqueSlug(db, card.slug || card.name),
    });
    sql(db, 'DELETE FROM element_tags WHERE element_id = ?').run(record.id);
  } else {
    sql(db, `INSERT INTO elements (id, type, kind, slug, name, short_description, description, tags, postal_code, commune_insee, locality,
        lat, lon, visibility, starts_at, ends_at, all_day, timezone, rrule, url, category, price_cents, currency, expires_at, closed_at,
        origin_box, origin_seq, created_at, updated_at)
      VALUES (:id, :type, :kind, :slug, :name, :short_description, '', :tags, :postal_code, :commune_insee, :locality, :lat, :lon, 'public',
        :starts_at, :ends_at, :all_day, :timezone, :rrule, :url, :category, :price_cents, :currency, :expires_at, :closed_at,
        :origin, :seq, :now, :now)`).run({
      ...cardParams(card), id: record.id, slug: uniqueSlug(db, card.slug || card.name), origin: record.origin, seq: record.seq, now,
    });
  }
  addTags(db, record.id, card.tags);
}

/** A delete record: the card leaves search, map and agenda; the row stays as a tombstone. */
export function deleteCard(db: Db, record: SyncRecord) {
  // Nothing of it stays readable here (its origin may have made it private): the row keeps the id and seq only.
  sql(db, `UPDATE elements SET deleted_at = coalesce(deleted_at, :now), updated_at = :now, origin_seq = :seq, version = version + 1,
      name = '', slug = 'deleted-' || id, description = '', short_description = '', tags = '[]', lat = NULL, lon = NULL, url = '',
      street = '', locality = '' WHERE id = :id`).run({ id: record.id, seq: record.seq, now: nowIso() });
  sql(db, 'DELETE FROM element_tags WHERE element_id = ?').run(record.id);
  sql(db, 'DELETE FROM sync_details WHERE origin = ? AND element_id = ?').run(record.origin, record.id);
}

/** Every card of an origin leaves (it started a new epoch: its current ones come back with it). */
export function forgetCardsOf(db: Db, origin: string) {
  const now = nowIso();
  sql(db, `DELETE FROM element_tags WHERE element_id IN (SELECT id FROM elements WHERE origin_box = ?)`).run(origin);
  // Below 0: the new epoch's records, numbered afresh, must win over these rows; -rowid keeps (origin_box,
  // origin_seq) unique, as its index wants.
  sql(db, `UPDATE elements SET deleted_at = coalesce(deleted_at, :now), updated_at = :now, version = version + 1, description = '',
      short_description = '', tags = '[]', origin_seq = -rowid WHERE origin_box = :origin`).run({ origin, now });
  sql(db, 'DELETE FROM sync_details WHERE origin = ?').run(origin);
}

// The details cached for a card stay valid while the new card names the same details hash.
function sameDetails(db: Db, record: SyncRecord) {
  const cached = sql(db, 'SELECT sha256 FROM sync_details WHERE origin = ? AND element_id = ?').get(record.origin, record.id) as { sha256: string } | undefined;
  if (cached && cached.sha256 === record.details) return true;
  sql(db, 'DELETE FROM sync_details WHERE origin = ? AND element_id = ?').run(record.origin, record.id);
  return false;
}
