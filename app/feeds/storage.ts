// SQL of the feeds. Each source (a zone's public posts, a tag's, a wall's, a zone's new elements) is read
// newest first from its own index, at most one page below the cursor, then the sources are merged: a page
// costs a few short index reads whatever the number of posts. Posts go through postVisibleSql, elements
// through visibleSql.
import { sql, type Db } from '../core/db/database.ts';
import { postVisibleSql, visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { communesOfZoneSql } from '../zones/communes.ts';
import type { ElementType } from '../elements/model.ts';

// Each source names the index it walks (CROSS JOIN keeps the index table first, INDEXED BY pins the index):
// without statistics SQLite preferred the public-posts index, reading every public post and sorting them
// (1.7 s for a commune's page among 200,000 posts instead of well under a millisecond).

/** One source of a feed: the ids of its items between `after` and `before` (exclusive), newest first, at most `limit`. */
export type Source = (before: string, limit: number, after: string) => string[];

/**
 * The newest `limit` ids of all the sources below `before`, each once. Once `limit` ids are found, the
 * next sources are only asked for newer ones than the oldest kept: a quiet commune's source then reads
 * a few index entries, not a page.
 */
export function mergeNewest(sources: Source[], before: string, limit: number): string[] {
  let kept: string[] = [];
  for (const source of sources) {
    const after = kept.length === limit ? kept[limit - 1] : '';
    const found = source(before, limit, after);
    if (found.length === 0) continue;
    kept = [...new Set([...kept, ...found])].sort().reverse().slice(0, limit);
  }
  return kept;
}

/**
 * The zones public posts are scoped to that overlap `zoneId`: the same zone, a zone containing it, a zone
 * inside it; for a custom territory (on either side), the same through any of its member zones. The zones
 * in use are found by skipping through the post_zones index (one seek per distinct zone), so this costs
 * a few dozen seeks however many posts there are.
 */
export function overlappingPostZones(db: Db, zoneId: string): string[] {
  return (sql(db, `WITH RECURSIVE used(id) AS (
      SELECT (SELECT min(zone_id) FROM post_zones)
      UNION ALL SELECT (SELECT min(zone_id) FROM post_zones WHERE zone_id > used.id) FROM used WHERE used.id IS NOT NULL
    ),
    chosen(id) AS (SELECT :zone UNION SELECT zone_id FROM custom_zone_members WHERE custom_id = :zone)
    SELECT u.id FROM used u WHERE u.id IS NOT NULL AND (
      EXISTS (SELECT 1 FROM chosen c WHERE c.id = u.id
        OR EXISTS (SELECT 1 FROM zones.zone_parents z WHERE z.zone_id = c.id AND z.parent_id = u.id)
        OR EXISTS (SELECT 1 FROM zones.zone_parents z WHERE z.zone_id = u.id AND z.parent_id = c.id))
      OR EXISTS (SELECT 1 FROM custom_zone_members m, chosen c WHERE m.custom_id = u.id AND (m.zone_id = c.id
        OR EXISTS (SELECT 1 FROM zones.zone_parents z WHERE z.zone_id = c.id AND z.parent_id = m.zone_id)
        OR EXISTS (SELECT 1 FROM zones.zone_parents z WHERE z.zone_id = m.zone_id AND z.parent_id = c.id))))`)
    .all({ zone: zoneId }) as { id: string }[]).map((row) => row.id);
}

/** Public posts scoped to one zone, that the viewer may read (post_zones holds public posts only). */
export const zonePostIds = (db: Db, viewer: Viewer | null, zoneId: string): Source => (before, limit, after) =>
  (sql(db, `SELECT z.post_id AS id FROM post_zones z CROSS JOIN posts p ON p.id = z.post_id
      WHERE z.zone_id = :zone AND z.post_id < :before AND z.post_id > :after AND p.audience = 'public' AND ${postVisibleSql('p', viewer)}
      ORDER BY z.post_id DESC LIMIT :limit`).all({ ...viewerParams(viewer), zone: zoneId, before, after, limit }) as { id: string }[]).map((row) => row.id);

/** Public posts with a tag, scoped to one of `zones` (any zone when null), that the viewer may read. */
export const taggedPostIds = (db: Db, viewer: Viewer | null, tag: string, zones: string[] | null): Source => (before, limit, after) =>
  (sql(db, `SELECT t.post_id AS id FROM post_tags t CROSS JOIN posts p ON p.id = t.post_id
      WHERE t.tag = :tag AND t.post_id < :before AND t.post_id > :after AND p.audience = 'public' AND ${postVisibleSql('p', viewer)}
        AND (:zones IS NULL OR EXISTS (SELECT 1 FROM post_zones z WHERE z.post_id = p.id AND z.zone_id IN (SELECT value FROM json_each(:zones))))
      ORDER BY t.post_id DESC LIMIT :limit`)
    .all({ ...viewerParams(viewer), tag, zones: zones === null ? null : JSON.stringify(zones), before, after, limit }) as { id: string }[]).map((row) => row.id);

/** Every public post the viewer may read (a box without a territory has no zone to choose). */
export const publicPostIds = (db: Db, viewer: Viewer | null): Source => (before, limit, after) =>
  (sql(db, `SELECT p.id FROM posts p INDEXED BY posts_public WHERE p.audience = 'public' AND p.hidden_at IS NULL AND p.id < :before AND p.id > :after AND ${postVisibleSql('p', viewer)}
      ORDER BY p.id DESC LIMIT :limit`).all({ ...viewerParams(viewer), before, after, limit }) as { id: string }[]).map((row) => row.id);

export interface ElementFilter {
  /** A zone id (its communes), or null for anywhere. */
  zone: string | null;
  type: ElementType;
  tag: string | null;
}

/**
 * Public elements of one type created in a zone (anywhere when null), newest first: their UUIDv7 ids are
 * their creation order. With a zone, the commune index gives the ids of the zone's elements without
 * their rows, and only those ids are sorted (an empty zone costs nothing; walking the ids from the
 * newest, as SQLite chose, read all 100,000 elements to find none).
 */
export const newElementIds = (db: Db, viewer: Viewer | null, filter: ElementFilter): Source => (before, limit, after) =>
  (sql(db, `SELECT e.id FROM elements e ${filter.zone === null ? 'INDEXED BY elements_type' : 'INDEXED BY elements_commune'}
      WHERE ${filter.zone === null ? '' : `e.commune_insee IN (${communesOfZoneSql('zone')}) AND`} e.visibility = 'public' AND e.deleted_at IS NULL
        AND e.type = :type AND e.id < :before AND e.id > :after AND ${visibleSql('e', viewer)}
        AND (:tag IS NULL OR EXISTS (SELECT 1 FROM element_tags t WHERE t.element_id = e.id AND t.tag = :tag))
      ORDER BY e.id DESC LIMIT :limit`).all({ ...viewerParams(viewer), ...filter, before, after, limit }) as { id: string }[]).map((row) => row.id);

/** What a feed shows of a new element. */
export interface ElementItem {
  id: string; type: ElementType; kind: string | null; slug: string; name: string; shortDescription: string;
  startsAt: string | null; allDay: boolean; commune: string | null; locality: string; createdAt: string;
}

/** Cards of these elements (already checked visible), keyed by id. */
export function elementItems(db: Db, ids: string[]): Map<string, ElementItem> {
  if (ids.length === 0) return new Map();
  const rows = sql(db, `SELECT e.id, e.type, e.kind, e.slug, e.name, e.short_description, e.starts_at, e.all_day, e.locality, e.created_at,
      c.name AS commune FROM elements e LEFT JOIN communes c ON c.insee = e.commune_insee WHERE e.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: string; type: ElementType; kind: string | null; slug: string; name: string; short_description: string;
      starts_at: string | null; all_day: number; locality: string; created_at: string; commune: string | null }[];
  return new Map(rows.map((row) => [row.id, {
    id: row.id, type: row.type, kind: row.kind, slug: row.slug, name: row.name, shortDescription: row.short_description,
    startsAt: row.starts_at, allDay: row.all_day === 1, commune: row.commune, locality: row.locality, createdAt: row.created_at,
  }]));
}

/** The walls whose posts fill a person's feed (their own, and every element they follow or belong to) and the persons they follow. */
export function followedSources(db: Db, personId: string): { walls: string[]; authors: string[] } {
  const rows = sql(db, `SELECT l.to_id AS id, e.type, max(l.kind = 'follows' AND e.type = 'person') AS followed_person
    FROM links l JOIN elements e ON e.id = l.to_id AND e.deleted_at IS NULL
    WHERE l.from_id = ? AND l.status = 'active' AND (l.is_admin = 1 OR l.kind IN ('follows', 'member', 'contributor', 'attendee'))
    GROUP BY l.to_id`).all(personId) as { id: string; type: ElementType; followed_person: number }[];
  return {
    walls: [personId, ...rows.map((row) => row.id)],
    authors: [personId, ...rows.filter((row) => row.followed_person === 1).map((row) => row.id)],
  };
}
