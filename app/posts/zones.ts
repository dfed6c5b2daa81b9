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

/** Names of zones: the box's communes, custom territories, then the zone database of all France. */
export function zoneNames(db: Db, ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = sql(db, `SELECT z.value AS id, coalesce(c.name, k.name, f.name) AS name FROM json_each(?) z
      LEFT JOIN communes c ON z.value LIKE 'commune:%' AND c.insee = substr(z.value, 9) LEFT JOIN custom_zones k ON k.id = z.value LEFT JOIN zones.zones f ON f.id = z.value`)
    .all(JSON.stringify(ids)) as { id: string; name: string | null }[];
  return new Map(rows.flatMap((row) => (row.name === null ? [] : [[row.id, row.name] as [string, string]])));
}
