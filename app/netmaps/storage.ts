// SQL for network maps and the elements they show. No permission decisions here (see ./actions.ts).
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { uuidv7 } from '../core/ids.ts';
import { visibleSql, viewerParams } from '../permissions/visibility.ts';
import { communesOfZoneSql } from '../zones/communes.ts';
import type { MapPoint, MapType, NetworkMap } from './model.ts';

interface MapRow {
  id: string; slug: string; title: string; description: string; types: string; tags: string; zones: string; colours: string;
  created_by: string | null; created_at: string; updated_at: string; is_demo: number;
}

const rowToMap = (row: MapRow): NetworkMap => ({
  id: row.id, slug: row.slug, title: row.title, description: row.description,
  types: JSON.parse(row.types) as MapType[], tags: JSON.parse(row.tags) as string[], zones: JSON.parse(row.zones) as string[],
  colours: JSON.parse(row.colours) as NetworkMap['colours'], createdBy: row.created_by,
  createdAt: row.created_at, updatedAt: row.updated_at, isDemo: row.is_demo === 1,
});

export function findMap(db: Db, idOrSlug: string): NetworkMap | null {
  const row = sql(db, 'SELECT * FROM network_maps WHERE id = :key OR slug = :key').get({ key: idOrSlug }) as MapRow | undefined;
  return row ? rowToMap(row) : null;
}

export const listMaps = (db: Db): NetworkMap[] =>
  (sql(db, 'SELECT * FROM network_maps ORDER BY title, id').all() as MapRow[]).map(rowToMap);

export const mapSlugTaken = (db: Db, slug: string, exceptId = '') =>
  sql(db, 'SELECT 1 FROM network_maps WHERE slug = ? AND id != ?').get(slug, exceptId) !== undefined;

export type MapRecord = Pick<NetworkMap, 'slug' | 'title' | 'description' | 'types' | 'tags' | 'zones' | 'colours'>;

const recordParams = (record: MapRecord) => ({
  slug: record.slug, title: record.title, description: record.description, types: JSON.stringify(record.types),
  tags: JSON.stringify(record.tags), zones: JSON.stringify(record.zones), colours: JSON.stringify(record.colours),
});

export function insertMap(db: Db, record: MapRecord, createdBy: string | null, isDemo = false): string {
  const id = uuidv7();
  const now = nowIso();
  sql(db, `INSERT INTO network_maps (id, slug, title, description, types, tags, zones, colours, created_by, created_at, updated_at, is_demo)
    VALUES (:id, :slug, :title, :description, :types, :tags, :zones, :colours, :created_by, :now, :now, :is_demo)`)
    .run({ ...recordParams(record), id, created_by: createdBy, now, is_demo: isDemo ? 1 : 0 });
  return id;
}

export function updateMapRow(db: Db, id: string, record: MapRecord) {
  sql(db, `UPDATE network_maps SET slug = :slug, title = :title, description = :description, types = :types, tags = :tags,
      zones = :zones, colours = :colours, updated_at = :now WHERE id = :id`).run({ ...recordParams(record), id, now: nowIso() });
}

export const deleteMapRow = (db: Db, id: string) => sql(db, 'DELETE FROM network_maps WHERE id = ?').run(id);

/** Demo maps go with the demo content. */
export const deleteDemoMaps = (db: Db) => sql(db, 'DELETE FROM network_maps WHERE is_demo = 1').run().changes;

/**
 * The elements a map shows, as an anonymous visitor sees them (the one rule, for nobody): public ones
 * only, whoever looks, so a map never shows what its embed would hide. Past events and closed ads are left
 * out (a series is kept). At most `limit` points, by name; `more` says some were left out.
 */
export function publicPoints(db: Db, map: Pick<NetworkMap, 'types' | 'tags' | 'zones'>, limit: number): { points: MapPoint[]; more: boolean } {
  const params: Record<string, unknown> = {
    ...viewerParams(null), types: JSON.stringify(map.types), tags: JSON.stringify(map.tags), now: nowIso(), limit: limit + 1,
  };
  const where = [
    visibleSql('e', null),
    'e.type IN (SELECT value FROM json_each(:types))',
    'e.lat IS NOT NULL AND e.lon IS NOT NULL AND e.closed_at IS NULL',
    "(e.type != 'event' OR e.rrule IS NOT NULL OR coalesce(e.ends_at, e.starts_at) >= :now)",
  ];
  if (map.tags.length) where.push('EXISTS (SELECT 1 FROM element_tags t WHERE t.element_id = e.id AND t.tag IN (SELECT value FROM json_each(:tags)))');
  if (map.zones.length) {
    const parts = map.zones.map((zone, i) => {
      params[`zone${i}`] = zone;
      return communesOfZoneSql(`zone${i}`);
    });
    where.push(`e.commune_insee IN (${parts.join(' UNION ')})`);
  }
  const rows = sql(db, `SELECT e.slug, e.name, e.type, e.lat, e.lon FROM elements e WHERE ${where.join(' AND ')}
    ORDER BY e.name, e.id LIMIT :limit`).all(params) as MapPoint[];
  return { points: rows.slice(0, limit), more: rows.length > limit };
}
