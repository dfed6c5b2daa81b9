// The communes of the box's territory, read side. The territory issue grows this into the full
// zone hierarchy (intercommunalities, departments, regions, custom zones).
import { existsSync } from 'node:fs';
import { sql, type Db } from '../core/db/database.ts';
import { defaultZoneDbPath } from './zone-db.ts';
import type { ZoneLevel } from './build/shared.ts';

export interface CommuneSummary {
  insee: string;
  name: string;
}

export const listCommunes = (db: Db): CommuneSummary[] =>
  sql(db, 'SELECT insee, name FROM communes ORDER BY name').all() as CommuneSummary[];


export interface Commune {
  insee: string;
  name: string;
  lat: number | null;
  lon: number | null;
  /** GeoJSON geometry, null until known. */
  outline: object | null;
}

export function findCommune(db: Db, insee: string): Commune | null {
  const row = sql(db, 'SELECT insee, name, lat, lon, outline FROM communes WHERE insee = ?').get(insee) as
    (Omit<Commune, 'outline'> & { outline: string | null }) | undefined;
  return row ? { ...row, outline: row.outline ? JSON.parse(row.outline) : null } : null;
}

/** The outline of an intercommunality made of the box's own communes: their polygons together. */
export function localEpciOutline(db: Db, epciCode: string): object | null {
  const rows = sql(db, 'SELECT outline FROM communes WHERE epci_code = ? AND outline IS NOT NULL').all(epciCode) as { outline: string }[];
  if (rows.length === 0) return null;
  const polygons = rows.flatMap((row) => (JSON.parse(row.outline) as { coordinates: unknown[] }).coordinates);
  return { type: 'MultiPolygon', coordinates: polygons };
}

/** The intercommunality holding most of the box's communes: the territory the home page presents. */
export function mainTerritory(db: Db): { id: string; name: string; communes: number; population: number } | null {
  const row = sql(db, `SELECT 'epci:' || epci_code AS id, epci_name AS name, count(*) AS communes, sum(population) AS population
    FROM communes WHERE epci_name IS NOT NULL GROUP BY epci_code ORDER BY communes DESC LIMIT 1`).get() as
    { id: string; name: string; communes: number; population: number | null } | undefined;
  return row ? { ...row, population: row.population ?? 0 } : null;
}

/**
 * Makes the zone database of all France readable from the box's connection as `zones.*`, so zone
 * filters join it in SQL. It is only ever read.
 */
export function attachZoneDatabase(db: Db, path = defaultZoneDbPath) {
  if (!existsSync(path)) throw new Error(`The zone database is missing (${path}): run npm run build:zones`);
  db.prepare('ATTACH DATABASE ? AS zones').run(path);
  // Each attached file has its own page cache (2 MB by default): keep this one small too.
  db.pragma('zones.cache_size = -1024');
}

export const zoneIdPattern = /^((commune|epci|dep|region|country):[0-9A-Za-z]{2,9}|custom:[a-z0-9-]{1,60})$/;

/**
 * SQL for the INSEE codes of the communes in a zone of any level, or in a custom territory (the
 * communes of each of its member zones), for `e.commune_insee IN (…)`; `param` names a bound zone
 * id such as 'dep:26' or 'custom:pays-de-dieulefit'.
 */
export const communesOfZoneSql = (param: string) =>
  `SELECT substr(zone_id, 9) FROM zones.zone_parents WHERE parent_id = :${param} AND zone_id LIKE 'commune:%'
   UNION ALL SELECT substr(:${param}, 9) WHERE :${param} LIKE 'commune:%'
   UNION ALL SELECT substr(p.zone_id, 9) FROM custom_zone_members m JOIN zones.zone_parents p ON p.parent_id = m.zone_id
     WHERE m.custom_id = :${param} AND p.zone_id LIKE 'commune:%'
   UNION ALL SELECT substr(m.zone_id, 9) FROM custom_zone_members m WHERE m.custom_id = :${param} AND m.zone_id LIKE 'commune:%'`;

const childLevel: Record<ZoneLevel, ZoneLevel | null> = {
  country: 'region', region: 'dep', dep: 'epci', epci: 'commune', commune: null,
};

export interface ZoneChild {
  id: string;
  name: string;
  level: string;
}

/** The zones one level down (regions of a country, departments of a region, EPCI of a department, communes of an EPCI). */
export function childZones(db: Db, zoneId: string, level: ZoneLevel): ZoneChild[] {
  const below = childLevel[level];
  if (!below) return [];
  return sql(db, `SELECT z.id, z.name, z.level FROM zones.zone_parents p JOIN zones.zones z ON z.id = p.zone_id
    WHERE p.parent_id = ? AND z.level = ? ORDER BY z.name`).all(zoneId, below) as ZoneChild[];
}

/** The box's territory as [[south, west], [north, east]], for a first map view. */
export function territoryBounds(db: Db): [[number, number], [number, number]] | null {
  const row = sql(db, 'SELECT min(lat) AS s, min(lon) AS w, max(lat) AS n, max(lon) AS e FROM communes WHERE lat IS NOT NULL').get() as
    { s: number | null; w: number | null; n: number | null; e: number | null };
  return row.s === null ? null : [[row.s, row.w!], [row.n!, row.e!]];
}
