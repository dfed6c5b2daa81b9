// SQL for the marketplace's lists: ads the viewer may see (the one permission rule), newest first, by cursor.
import { sql, type Db } from '../core/db/database.ts';
import { decodeCursor } from '../elements/storage.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { communesOfZoneSql } from '../zones/communes.ts';
import { ftsExpression } from '../search/query.ts';
import type { AdCard, AdListQuery } from './model.ts';

interface AdRow {
  id: string; slug: string; name: string; kind: string; category: string | null; price_cents: number | null; currency: string | null;
  locality: string; visibility: AdCard['visibility']; expires_at: string | null; closed_at: string | null; created_at: string; photo_id: string | null;
}

const rowToCard = (row: AdRow): AdCard => ({
  id: row.id, slug: row.slug, name: row.name, kind: row.kind, category: row.category,
  price: row.price_cents === null ? null : { amountCents: row.price_cents, currency: row.currency ?? 'EUR' },
  locality: row.locality, visibility: row.visibility, expiresAt: row.expires_at, closedAt: row.closed_at, createdAt: row.created_at,
  photoId: row.photo_id,
});

/**
 * Open, unexpired ads the viewer may see, newest first; with `mine`, the viewer's own ads (those they
 * administer), expired and closed ones included.
 */
export function listAds(db: Db, viewer: Viewer | null, query: AdListQuery): { items: AdCard[]; nextCursor: string | null } {
  const where = ["e.type = 'classified'", visibleSql('e', viewer)];
  const params: Record<string, unknown> = { ...viewerParams(viewer), limit: query.limit + 1 };
  if (query.mine && viewer) {
    where.push("EXISTS (SELECT 1 FROM links l WHERE l.from_id = :viewer_id AND l.to_id = e.id AND l.status = 'active' AND l.is_admin = 1)");
  } else {
    where.push("e.closed_at IS NULL AND (e.expires_at IS NULL OR e.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  }
  if (query.kind) { where.push('e.kind = :kind'); params.kind = query.kind; }
  if (query.category) { where.push('e.category = :category'); params.category = query.category; }
  if (query.free) where.push('e.price_cents IS NULL');
  if (query.zone) {
    where.push(`e.commune_insee IN (${communesOfZoneSql('zone')})`);
    params.zone = query.zone.includes(':') ? query.zone : `commune:${query.zone}`;
  }
  const words = query.q ? ftsExpression(query.q) : null;
  if (words) {
    // The search index: accents and case folded ("chene" finds "chêne"), the last word a prefix.
    where.push('e.rowid IN (SELECT rowid FROM search_text WHERE search_text MATCH :q)');
    params.q = words;
  }
  if (query.cursor) { where.push('e.id < :c_id'); params.c_id = decodeCursor(query.cursor)[0]; }
  const rows = sql(db, `SELECT e.id, e.slug, e.name, e.kind, e.category, e.price_cents, e.currency, e.locality, e.visibility,
      e.expires_at, e.closed_at, e.created_at,
      (SELECT f.id FROM media_files f WHERE f.element_id = e.id AND f.kind = 'image' ORDER BY f.created_at, f.id LIMIT 1) AS photo_id
    FROM elements e WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT :limit`).all(params) as AdRow[];
  const items = rows.slice(0, query.limit).map(rowToCard);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.id])).toString('base64url') : null };
}

/** An ad's photos, oldest first (the first is its thumbnail). */
export const adPhotoIds = (db: Db, adId: string, limit: number) =>
  (sql(db, "SELECT id FROM media_files WHERE element_id = ? AND kind = 'image' ORDER BY created_at, id LIMIT ?").all(adId, limit) as { id: string }[])
    .map((row) => row.id);

export const countAdPhotos = (db: Db, adId: string) =>
  (sql(db, "SELECT count(*) AS n FROM media_files WHERE element_id = ? AND kind = 'image'").get(adId) as { n: number }).n;
