// Where a public post speaks: zones of the box's territory (its communes, intercommunalities,
// departments and custom territories), by default the wall's commune, else the box's main territory.
import { sql, type Db } from '../core/db/database.ts';
import { fieldError } from '../core/validation.ts';
import { mainTerritory } from '../zones/communes.ts';
import { listCustomZones } from '../zones/custom.ts';
import type { Element } from '../elements/model.ts';

export interface ZoneChoice {
  id: string;
  name: string;
  level: 'commune' | 'epci' | 'dep' | 'custom';
}

/** The zones a post may be scoped to, broadest first: departments, intercommunalities, custom territories, communes. */
export function boxZoneChoices(db: Db): ZoneChoice[] {
  const deps = sql(db, `SELECT 'dep:' || c.dep_code AS id, coalesce(z.name, c.dep_code) AS name FROM communes c
      LEFT JOIN zones.zones z ON z.id = 'dep:' || c.dep_code GROUP BY c.dep_code ORDER BY name`).all() as { id: string; name: string }[];
  const epcis = sql(db, `SELECT 'epci:' || epci_code AS id, epci_name AS name FROM communes WHERE epci_code IS NOT NULL
      GROUP BY epci_code ORDER BY epci_name`).all() as { id: string; name: string }[];
  const communes = sql(db, "SELECT 'commune:' || insee AS id, name FROM communes ORDER BY name").all() as { id: string; name: string }[];
  return [
    ...deps.map((zone) => ({ ...zone, level: 'dep' as const })),
    ...epcis.map((zone) => ({ ...zone, level: 'epci' as const })),
    ...listCustomZones(db).map((zone) => ({ ...zone, level: 'custom' as const })),
    ...communes.map((zone) => ({ ...zone, level: 'commune' as const })),
  ];
}

/** Where a public post on this wall speaks unless its author chooses: the wall's commune, else the box's territory. */
export function defaultZones(db: Db, wall: Element): string[] {
  if (wall.address.communeInsee) return [`commune:${wall.address.communeInsee}`];
  const territory = mainTerritory(db);
  return territory ? [territory.id] : [];
}

/** The zones asked for, checked against the box's own (and the wall's commune, which may lie outside it). */
export function checkedZones(db: Db, wall: Element, asked: string[] | undefined): string[] {
  const fallback = defaultZones(db, wall);
  if (asked === undefined || asked.length === 0) return fallback;
  const allowed = new Set([...boxZoneChoices(db).map((zone) => zone.id), ...fallback]);
  const unknown = asked.find((zone) => !allowed.has(zone));
  if (unknown) throw fieldError('zones', 'Choose zones of the territory of this box');
  return [...new Set(asked)];
}

/** Names of zones (the box's choices first, then the zone database), for showing where a post speaks. */
export function zoneNames(db: Db, ids: string[]): Map<string, string> {
  const names = new Map(boxZoneChoices(db).map((zone) => [zone.id, zone.name]));
  const missing = ids.filter((id) => !names.has(id) && !id.startsWith('custom:'));
  if (missing.length) {
    for (const row of sql(db, 'SELECT id, name FROM zones.zones WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(missing)) as { id: string; name: string }[]) {
      names.set(row.id, row.name);
    }
  }
  return names;
}
