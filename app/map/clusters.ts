// Server-side clustering for any search: a grid over the visible box, one cluster per cell, the
// element itself where a cell holds one. Fast on 100,000 results and no cap: every match counts.
import { sql, type Db } from '../core/db/database.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { build, type SearchQuery } from '../search/search.ts';
import { cardsByRowid } from '../elements/storage.ts';

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export type MapFeature =
  | { kind: 'cluster'; lat: number; lon: number; count: number; bbox: Bbox }
  | { kind: 'element'; lat: number; lon: number; id: string; slug: string; name: string; type: string; fromBox?: string };

const foreign = (box: string | null) => (box === null ? {} : { fromBox: box });

/** About 60 px cells on a 256 px tile at this zoom. */
const cellDegrees = (zoom: number) => 360 / 2 ** zoom / 4;

/** `fromBox` names the box a card replicated from another box comes from (null: made on this box). */
export function clusters(db: Db, viewer: Viewer | null, query: SearchQuery, bbox: Bbox, zoom: number, fromBox: (origin: string) => string | null = () => null): { total: number; features: MapFeature[] } {
  const { from, where, params } = build(viewer, query, new Date().toISOString());
  const cell = cellDegrees(zoom);
  Object.assign(params, { west: bbox.west, south: bbox.south, east: bbox.east, north: bbox.north, cell });
  const cells = sql(db, `SELECT count(*) AS count, avg(e.lat) AS lat, avg(e.lon) AS lon, min(e.lat) AS south, max(e.lat) AS north,
      min(e.lon) AS west, max(e.lon) AS east, min(e.element_rowid) AS element_rowid
    FROM ${from} WHERE ${where.join(' AND ')} AND e.lat BETWEEN :south AND :north AND e.lon BETWEEN :west AND :east
    GROUP BY CAST(floor(e.lat / :cell) AS INTEGER), CAST(floor(e.lon / :cell) AS INTEGER)`).all(params) as
    { count: number; lat: number; lon: number; south: number; north: number; west: number; east: number; element_rowid: number }[];
  const named = cardsByRowid(db, cells.filter((c) => c.count === 1).map((c) => c.element_rowid));
  const features = cells.map((c): MapFeature => {
    const element = c.count === 1 ? named.get(c.element_rowid) : undefined;
    return element
      ? { kind: 'element', lat: c.lat, lon: c.lon, id: element.id, slug: element.slug, name: element.name, type: element.type, ...foreign(fromBox(element.origin)) }
      : { kind: 'cluster', lat: c.lat, lon: c.lon, count: c.count, bbox: { west: c.west, south: c.south, east: c.east, north: c.north } };
  });
  return { total: cells.reduce((sum, c) => sum + c.count, 0), features };
}
