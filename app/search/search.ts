// The unified search over every element: full text (FTS5), filters, zones, radius, facets and
// counts, paged without a cap. Every row, count and facet passes the one visibility rule.
import { sql, type Db } from '../core/db/database.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import type { ElementCardData, ElementType } from '../elements/model.ts';
import { ftsExpression } from './query.ts';
import { communesOfZoneSql, listCommunes } from '../zones/communes.ts';

export interface SearchQuery {
  q?: string;
  types?: ElementType[];
  tag?: string;
  /** Zone ids: `commune:INSEE`, `epci:SIREN`, `dep:NN`; an element in any of them matches. */
  zones?: string[];
  near?: { lat: number; lon: number; radiusKm: number };
  /** Events only: ending at or after / starting before these instants. */
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

export interface SearchHit extends ElementCardData {
  position: { lat: number; lon: number } | null;
  distanceKm?: number;
}

export interface Facets {
  types: { type: ElementType; count: number }[];
  tags: { tag: string; count: number }[];
  communes: { insee: string; name: string; count: number }[];
  events: { upcoming: number; past: number };
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  facets: Facets;
  nextOffset: number | null;
}


// Great-circle distance in km (haversine), with SQLite's math functions.
const distanceSql = `(6371 * 2 * asin(sqrt(pow(sin(radians(e.lat - :near_lat) / 2), 2)
  + cos(radians(:near_lat)) * cos(radians(e.lat)) * pow(sin(radians(e.lon - :near_lon) / 2), 2))))`;

export interface Built {
  from: string;
  where: string[];
  params: Record<string, unknown>;
  hasText: boolean;
}

/** The FROM and WHERE shared by results, count and facets, so they can never disagree. */
export function build(viewer: Viewer | null, query: SearchQuery, now: string): Built {
  const params: Record<string, unknown> = { ...viewerParams(viewer) };
  const where = [visibleSql('e', viewer)];
  const match = query.q ? ftsExpression(query.q) : null;
  // `e` is search_meta: the compact copy with the columns the filters and the visibility rule read.
  const from = match ? 'search_text JOIN search_meta e ON e.element_rowid = search_text.rowid' : 'search_meta e';
  if (match) { where.push('search_text MATCH :match'); params.match = match; }
  if (query.types?.length) {
    where.push(`e.type IN (${query.types.map((_, i) => `:type${i}`).join(', ')})`);
    query.types.forEach((type, i) => { params[`type${i}`] = type; });
  }
  if (query.tag) { where.push('EXISTS (SELECT 1 FROM element_tags t WHERE t.element_id = e.id AND t.tag = :tag)'); params.tag = query.tag.toLowerCase(); }
  if (query.zones?.length) {
    const parts = query.zones.map((zone, i) => {
      params[`zone${i}`] = zone;
      return communesOfZoneSql(`zone${i}`);
    });
    where.push(`e.commune_insee IN (${parts.join(' UNION ')})`);
  }
  if (query.near) {
    const { lat, lon, radiusKm } = query.near;
    Object.assign(params, { near_lat: lat, near_lon: lon, radius_km: radiusKm });
    // A box around the circle first (index on lat), then the exact distance.
    const dLat = radiusKm / 111.2;
    const dLon = Math.min(180, radiusKm / (111.2 * Math.max(0.01, Math.cos((lat * Math.PI) / 180))));
    Object.assign(params, { lat_min: lat - dLat, lat_max: lat + dLat, lon_min: lon - dLon, lon_max: lon + dLon });
    where.push('e.lat BETWEEN :lat_min AND :lat_max AND e.lon BETWEEN :lon_min AND :lon_max', `${distanceSql} <= :radius_km`);
  }
  if (query.from) { where.push("(e.type != 'event' OR coalesce(e.ends_at, e.starts_at) >= :from)"); params.from = query.from; }
  if (query.to) { where.push("(e.type != 'event' OR e.starts_at < :to)"); params.to = query.to; }
  params.now = now;
  return { from, where, params, hasText: match !== null };
}

export function search(db: Db, viewer: Viewer | null, query: SearchQuery, now = new Date().toISOString()): SearchResult {
  const { from, where, params, hasText } = build(viewer, query, now);
  const filter = `FROM ${from} WHERE ${where.join(' AND ')}`;
  const order = [
    hasText ? 'bm25(search_text, 10.0, 4.0, 1.0, 6.0, 3.0)' : null,
    query.near ? 'distance_km' : null,
    'e.id DESC',
  ].filter(Boolean).join(', ');
  const distance = query.near ? `${distanceSql} AS distance_km` : 'NULL AS distance_km';
  const page = sql(db, `SELECT e.element_rowid AS element_rowid, ${distance} ${filter} ORDER BY ${order} LIMIT :limit OFFSET :offset`)
    .all({ ...params, limit: query.limit, offset: query.offset }) as { element_rowid: number; distance_km: number | null }[];
  const rows = cardsInOrder(db, page);
  const { total, ...counts } = facets(db, filter, params);
  const nextOffset = query.offset + rows.length < total ? query.offset + rows.length : null;
  return { items: rows.map(rowToHit), total, facets: counts, nextOffset };
}

/**
 * Facets in two queries over the matches: one grouped by type and commune (which also gives the
 * total and the event split), one over the tags. Fewer passes matter: each runs the text match again.
 */
function facets(db: Db, filter: string, params: Record<string, unknown>): Facets & { total: number } {
  const groups = sql(db, `SELECT e.type AS type, e.commune_insee AS insee, count(*) AS n,
      coalesce(sum(e.type = 'event' AND coalesce(e.ends_at, e.starts_at) >= :now), 0) AS upcoming
    ${filter} GROUP BY e.type, e.commune_insee`).all(params) as { type: ElementType; insee: string | null; n: number; upcoming: number }[];
  const byType = new Map<ElementType, number>();
  const byCommune = new Map<string, number>();
  let total = 0;
  let upcoming = 0;
  let events = 0;
  for (const group of groups) {
    total += group.n;
    upcoming += group.upcoming;
    if (group.type === 'event') events += group.n;
    byType.set(group.type, (byType.get(group.type) ?? 0) + group.n);
    if (group.insee) byCommune.set(group.insee, (byCommune.get(group.insee) ?? 0) + group.n);
  }
  const names = new Map(listCommunes(db).map((commune) => [commune.insee, commune.name]));
  const tags = sql(db, `SELECT tag.value AS tag, count(*) AS count FROM (SELECT e.tags AS tags ${filter}) found, json_each(found.tags) tag
    GROUP BY tag.value ORDER BY count DESC, tag.value LIMIT 20`).all(params) as Facets['tags'];
  return {
    total,
    types: [...byType].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count),
    tags: tags.map((facet) => ({ ...facet, tag: facet.tag.toLowerCase() })),
    communes: [...byCommune].filter(([insee]) => names.has(insee))
      .map(([insee, count]) => ({ insee, name: names.get(insee)!, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, 50),
    events: { upcoming, past: events - upcoming },
  };
}

/** The cards of a page of results, read from the wide rows only for the page, in the page's order. */
function cardsInOrder(db: Db, page: { element_rowid: number; distance_km: number | null }[]): HitRow[] {
  if (page.length === 0) return [];
  const rows = sql(db, `SELECT rowid AS element_rowid, id, type, kind, slug, name, short_description, visibility, starts_at, all_day,
      locality, lat, lon FROM elements WHERE rowid IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(page.map((hit) => hit.element_rowid))) as (Omit<HitRow, 'distance_km'> & { element_rowid: number })[];
  const byRowid = new Map(rows.map((row) => [row.element_rowid, row]));
  return page.map((hit) => ({ ...byRowid.get(hit.element_rowid)!, distance_km: hit.distance_km }));
}

interface HitRow {
  id: string; type: ElementType; kind: string | null; slug: string; name: string; short_description: string;
  visibility: ElementCardData['visibility']; starts_at: string | null; all_day: number; locality: string;
  lat: number | null; lon: number | null; distance_km: number | null;
}

const rowToHit = (row: HitRow): SearchHit => ({
  id: row.id, type: row.type, kind: row.kind, slug: row.slug, name: row.name, shortDescription: row.short_description,
  visibility: row.visibility, startsAt: row.starts_at, allDay: row.all_day === 1, address: { locality: row.locality },
  position: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
  ...(row.distance_km === null ? {} : { distanceKm: Math.round(row.distance_km * 100) / 100 }),
});

/** Empties and refills the search index from the elements, in one transaction. */
export function rebuildSearchIndex(db: Db): number {
  return db.transaction(() => {
    db.exec('DELETE FROM search_text');
    return db.prepare(`INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
      SELECT rowid, name, short_description, description, tags, locality FROM elements WHERE deleted_at IS NULL`).run().changes;
  }).immediate();
}
