// The territory step of the first-boot wizard: find an intercommunality (EPCI) or communes in the zone
// database of all France, and make them the box's territory (its `communes` table, which the home page,
// the map's first view and the demo use), replacing the demo territory.
import { sql, type Db } from '../core/db/database.ts';
import type { ZoneDb, Zone } from '../zones/zone-db.ts';

export interface TerritoryChoice {
  /** 'epci:…' and 'commune:…' ids. */
  zoneIds: string[];
  /** Their names, for the summary. */
  names: string[];
}

/** Intercommunalities and communes whose name matches, EPCI first. */
export function territoryCandidates(zones: ZoneDb, query: string): Zone[] {
  if (query.trim().length < 2) return [];
  const found = zones.searchZoneNames(query, 30).map((match) => match.zone).filter((zone) => zone.level === 'epci' || zone.level === 'commune');
  const unique = [...new Map(found.map((zone) => [zone.id, zone])).values()];
  return unique.sort((a, b) => (a.level === b.level ? 0 : a.level === 'epci' ? -1 : 1)).slice(0, 20);
}

/** The chosen zones checked against the zone database; null when one is unknown or of another level. */
export function territoryChoice(zones: ZoneDb, zoneIds: string[]): TerritoryChoice | null {
  if (zoneIds.length === 0 || zoneIds.length > 50) return null;
  const found = zoneIds.map((id) => zones.findZone(id));
  if (found.some((zone) => !zone || (zone.level !== 'epci' && zone.level !== 'commune'))) return null;
  return { zoneIds, names: found.map((zone) => zone!.name) };
}

interface CommuneRow {
  insee: string; name: string; population: number | null; lat: number | null; lon: number | null; outline: string | null;
  postal_codes: string; epci_code: string | null; epci_name: string | null; dep_code: string | null; region_code: string | null;
}

const parentOf = (level: string, column: string) =>
  `(SELECT z.${column} FROM zones.zone_parents p JOIN zones.zones z ON z.id = p.parent_id WHERE p.zone_id = c.id AND z.level = '${level}' LIMIT 1)`;

/**
 * Replaces the box's communes by those of the chosen zones, from the attached zone database; call inside
 * the wizard's transaction. Elements keep their own commune: only the box's territory changes.
 */
export function replaceTerritory(db: Db, choice: TerritoryChoice): number {
  const rows = sql(db, `SELECT c.code AS insee, c.name, c.population, c.lat, c.lon, c.outline,
      (SELECT json_group_array(pc.postal_code) FROM zones.postal_codes pc WHERE pc.commune_id = c.id) AS postal_codes,
      ${parentOf('epci', 'code')} AS epci_code, ${parentOf('epci', 'name')} AS epci_name,
      ${parentOf('dep', 'code')} AS dep_code, ${parentOf('region', 'code')} AS region_code
    FROM zones.zones c
    WHERE c.level = 'commune' AND c.id IN (
      SELECT value FROM json_each(:ids) WHERE value LIKE 'commune:%'
      UNION SELECT p.zone_id FROM zones.zone_parents p WHERE p.parent_id IN (SELECT value FROM json_each(:ids)) AND p.zone_id LIKE 'commune:%')`)
    .all({ ids: JSON.stringify(choice.zoneIds) }) as CommuneRow[];
  sql(db, 'DELETE FROM communes').run();
  const insert = sql(db, `INSERT INTO communes (insee, name, postal_codes, epci_code, epci_name, dep_code, region_code, population, lat, lon, outline)
    VALUES (:insee, :name, :postal_codes, :epci_code, :epci_name, :dep_code, :region_code, :population, :lat, :lon, :outline)`);
  for (const row of rows) insert.run({ ...row, dep_code: row.dep_code ?? '', outline: asMultiPolygon(row.outline) });
  return rows.length;
}

/** The box's communes table holds MultiPolygons (see app/demo/territory.ts); the zone database also has Polygons. */
function asMultiPolygon(outline: string | null): string | null {
  if (!outline) return null;
  const geometry = JSON.parse(outline) as { type: string; coordinates: unknown[] };
  return geometry.type === 'Polygon' ? JSON.stringify({ type: 'MultiPolygon', coordinates: [geometry.coordinates] }) : outline;
}
