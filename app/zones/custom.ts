// Custom territories: a box admin's union of zones (a "pays", a bassin de vie across a department
// border), or a drawn polygon stored as the communes whose position lies inside it.
import { z } from 'zod';
import { nowIso } from '../core/time.ts';
import { sql, transaction, type Db } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse, text } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { uniqueSlug } from '../elements/storage.ts';

const maxPolygonPoints = 2000;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(position).min(4, 'A polygon has at least 3 corners').max(maxPolygonPoints, 'A polygon has at most 2000 points')).length(1, 'One outer ring, no holes'),
}).strict();

const memberZoneId = z.string().regex(/^(commune|epci|dep|region):[0-9A-Za-z]{2,9}$/, 'A member is commune:, epci:, dep: or region: followed by its code');

export const customZoneSchema = z.object({
  name: text(80).trim().min(1, 'A name is required'),
  zones: z.preprocess(
    (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
    z.array(memberZoneId).min(1, 'Give at least one zone').max(500).optional(),
  ),
  polygon: polygonSchema.optional(),
}).strict();

export interface CustomZone {
  id: string;
  name: string;
  members: string[];
  polygon: object | null;
}

export function createCustomZone(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): CustomZone {
  if (!viewer?.isBoxAdmin) throw forbidden('Only a box admin can define territories');
  const data = parse(customZoneSchema, input, locale);
  if ((data.zones === undefined) === (data.polygon === undefined)) throw fieldError('zones', 'Give either zones or a polygon');
  const members = data.zones ? checkedZones(deps, data.zones) : communesInside(deps, data.polygon!);
  return transaction(deps.db, () => {
    const id = `custom:${uniqueCustomSlug(deps.db, data.name)}`;
    sql(deps.db, 'INSERT INTO custom_zones (id, name, polygon, created_by, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, data.name, data.polygon ? JSON.stringify(data.polygon) : null, viewer.personId, nowIso());
    const insert = sql(deps.db, 'INSERT OR IGNORE INTO custom_zone_members (custom_id, zone_id) VALUES (?, ?)');
    for (const member of members) insert.run(id, member);
    return findCustomZone(deps.db, id)!;
  });
}

export function deleteCustomZone(deps: Deps, viewer: Viewer | null, id: string) {
  if (!viewer?.isBoxAdmin) throw forbidden('Only a box admin can define territories');
  if (sql(deps.db, 'DELETE FROM custom_zones WHERE id = ?').run(id).changes === 0) throw notFound('Zone');
}

export function findCustomZone(db: Db, id: string): CustomZone | null {
  const row = sql(db, 'SELECT id, name, polygon FROM custom_zones WHERE id = ?').get(id) as { id: string; name: string; polygon: string | null } | undefined;
  if (!row) return null;
  const members = (sql(db, 'SELECT zone_id FROM custom_zone_members WHERE custom_id = ? ORDER BY zone_id').all(id) as { zone_id: string }[]).map((m) => m.zone_id);
  return { id: row.id, name: row.name, members, polygon: row.polygon ? JSON.parse(row.polygon) : null };
}

export const listCustomZones = (db: Db) =>
  sql(db, 'SELECT id, name FROM custom_zones ORDER BY name').all() as { id: string; name: string }[];

function uniqueCustomSlug(db: Db, name: string): string {
  const base = uniqueSlug(db, name);
  let slug = base;
  for (let n = 2; sql(db, 'SELECT 1 FROM custom_zones WHERE id = ?').get(`custom:${slug}`); n++) slug = `${base}-${n}`;
  return slug;
}

function checkedZones(deps: Deps, ids: string[]): string[] {
  ids.forEach((id, index) => {
    if (!deps.zones.findZone(id)) throw fieldError(`zones.${index}`, 'Unknown zone');
  });
  return [...new Set(ids)];
}

/** The communes whose position lies inside a simple polygon; refuses self-intersecting outlines. */
function communesInside(deps: Deps, polygon: z.infer<typeof polygonSchema>): string[] {
  const ring = polygon.coordinates[0];
  const [first, last] = [ring[0], ring.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) throw fieldError('polygon', 'The ring must end where it starts');
  if (selfIntersects(ring)) throw fieldError('polygon', 'The outline crosses itself');
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const candidates = sql(deps.db, `SELECT id, lat, lon FROM zones.zones WHERE level = 'commune'
    AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?`).all(Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)) as
    { id: string; lat: number; lon: number }[];
  const inside = candidates.filter((commune) => pointInRing(commune.lon, commune.lat, ring)).map((commune) => commune.id);
  if (inside.length === 0) throw fieldError('polygon', 'No commune lies inside this polygon');
  return inside;
}

/** Ray casting: is (x, y) inside the ring? */
export function pointInRing(x: number, y: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether two non-adjacent edges of a closed ring cross (O(n²), fine for 2,000 points). */
export function selfIntersects(ring: [number, number][]): boolean {
  const edges = ring.length - 1;
  const cross = (a: [number, number], b: [number, number], c: [number, number]) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  for (let i = 0; i < edges; i++) {
    for (let j = i + 2; j < edges; j++) {
      if (i === 0 && j === edges - 1) continue; // the first and last edges share the closing point
      const [p1, p2, p3, p4] = [ring[i], ring[i + 1], ring[j], ring[j + 1]];
      const d1 = cross(p3, p4, p1);
      const d2 = cross(p3, p4, p2);
      const d3 = cross(p1, p2, p3);
      const d4 = cross(p1, p2, p4);
      if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    }
  }
  return false;
}

