// The unified search over every element: full text (FTS5), filters, zones, radius, facets and
// counts, paged without a cap. Every row, count and facet passes the one visibility rule.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { cardsByRowid } from '../elements/storage.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import type { ElementCardData, ElementType } from '../elements/model.ts';
import { ftsExpression } from './query.ts';
import { firstInRankOrder, type Match } from './rank.ts';
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
  /** Only the elements this box made (`origin_box`): what it answers to another box's search (app/sync/further.ts). */
  origin?: string;
  offset: number;
  limit: number;
}

export interface SearchHit extends ElementCardData {
  position: { lat: number; lon: number } | null;
  communeInsee: string | null;
  /** The box that made the element: this box's id, or another box's for a card replicated here (app/sync/). */
  origin: string;
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
  // search_meta has no origin: one lookup by rowid per match (a peer's search is always by words, so matches are few).
  if (query.origin) { where.push('(SELECT o.origin_box FROM elements o WHERE o.rowid = e.element_rowid) = :origin'); params.origin = query.origin; }
  params.now = now;
  return { from, where, params, hasText: match !== null };
}

/**
 * One pass over the matches: the page is picked from it and the total and facets are counted from
 * it, so they always agree. The text match runs once, unsorted: SQLite's sorter copies every row,
 * while picking the first page in JavaScript compares only the scores (about 3 ms of 15 saved on a
 * common word over 100,000 elements).
 */
export function search(db: Db, viewer: Viewer | null, query: SearchQuery, now = new Date().toISOString()): SearchResult {
  const { from, where, params, hasText } = build(viewer, query, now);
  const score = hasText ? 'bm25(search_text, 10.0, 4.0, 1.0, 6.0, 3.0)' : '0';
  const distance = query.near ? distanceSql : 'NULL';
  const matches = sql(db, `SELECT e.element_rowid, ${distance} AS distance_km, e.type, e.commune_insee,
      e.type = 'event' AND coalesce(e.ends_at, e.starts_at) >= :now AS upcoming, e.tags, ${score} AS score
    FROM ${from} WHERE ${where.join(' AND ')}`).raw().all(params) as Match[];
  const page = firstInRankOrder(matches, query.offset + query.limit).slice(query.offset);
  // The wide rows are read for the page only, then put back in rank order.
  const rowids = page.map(([rowid]) => rowid);
  const cards = cardsByRowid(db, rowids);
  const items = page.map(([rowid, distanceKm, , communeInsee]): SearchHit => ({
    ...cards.get(rowid)!, communeInsee,
    ...(distanceKm === null ? {} : { distanceKm: Math.round(distanceKm * 100) / 100 }),
  }));
  const nextOffset = query.offset + items.length < matches.length ? query.offset + items.length : null;
  return { items, total: matches.length, facets: facets(db, matches), nextOffset };
}

function facets(db: Db, matches: Match[]): Facets {
  const byType = new Map<ElementType, number>();
  const byCommune = new Map<string, number>();
  const byTag = new Map<string, number>();
  const tagSets = new Map<string, number>();
  let upcoming = 0;
  let events = 0;
  for (const [, , type, insee, isUpcoming, tags] of matches) {
    byType.set(type, (byType.get(type) ?? 0) + 1);
    if (insee) byCommune.set(insee, (byCommune.get(insee) ?? 0) + 1);
    if (type === 'event') { events += 1; upcoming += isUpcoming; }
    if (tags !== '[]') tagSets.set(tags, (tagSets.get(tags) ?? 0) + 1);
  }
  // Many elements share the same tags: each distinct list is parsed once.
  for (const [tags, count] of tagSets) for (const tag of JSON.parse(tags) as string[]) byTag.set(tag, (byTag.get(tag) ?? 0) + count);
  const names = new Map(listCommunes(db).map((commune) => [commune.insee, commune.name]));
  const top = <K>(counts: Map<K, number>, n: number, name: (key: K) => string) =>
    [...counts].sort((a, b) => b[1] - a[1] || name(a[0]).localeCompare(name(b[0]))).slice(0, n);
  return {
    types: top(byType, 10, String).map(([type, count]) => ({ type, count })),
    tags: top(byTag, 20, String).map(([tag, count]) => ({ tag: tag.toLowerCase(), count })),
    communes: top(new Map([...byCommune].filter(([insee]) => names.has(insee))), 50, (insee) => names.get(insee)!)
      .map(([insee, count]) => ({ insee, name: names.get(insee)!, count })),
    events: { upcoming, past: events - upcoming },
  };
}

/** Empties and refills the search tables (full-text index and compact copy) from the elements, in one transaction. */
export function rebuildSearchIndex(db: Db): number {
  return transaction(db, () => {
    db.exec('DELETE FROM search_text; DELETE FROM search_meta');
    db.prepare(`INSERT INTO search_meta (element_rowid, id, type, visibility, deleted_at, commune_insee, lat, lon, starts_at, ends_at, tags, expires_at)
      SELECT rowid, id, type, visibility, deleted_at, commune_insee, lat, lon, starts_at, ends_at, tags, expires_at FROM elements`).run();
    return db.prepare(`INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
      SELECT rowid, name, short_description, description, tags, locality FROM elements WHERE deleted_at IS NULL`).run().changes;
  });
}
