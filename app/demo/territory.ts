// The embedded demo territory (CC Dieulefit-Bourdeaux, Drôme): its real communes, loaded into the box.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Db } from '../core/db/database.ts';

export interface DemoCommune {
  insee: string; name: string; postalCodes: string[]; population: number; lat: number; lon: number;
  /** Outer rings of the commune's polygons, [lon, lat] pairs. */
  outline?: [number, number][][];
}
export interface DemoTerritory {
  source: string;
  epci: { code: string; name: string };
  department: { code: string; name: string };
  region: { code: string; name: string };
  center: { lat: number; lon: number };
  communes: DemoCommune[];
}

export const loadDemoTerritory = (): DemoTerritory =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'territory.json'), 'utf8'));

/** Inserts (or refreshes) the territory's communes; call inside a transaction. */
export function insertCommunes(db: Db, territory: DemoTerritory) {
  const insert = sql(db, `INSERT INTO communes (insee, name, postal_codes, epci_code, epci_name, dep_code, region_code, population, lat, lon, outline)
    VALUES (:insee, :name, :postal_codes, :epci_code, :epci_name, :dep_code, :region_code, :population, :lat, :lon, :outline)
    ON CONFLICT (insee) DO UPDATE SET name = excluded.name, postal_codes = excluded.postal_codes, epci_code = excluded.epci_code,
      epci_name = excluded.epci_name, population = excluded.population, lat = excluded.lat, lon = excluded.lon,
      outline = excluded.outline`);
  for (const commune of territory.communes) {
    insert.run({
      insee: commune.insee, name: commune.name, postal_codes: JSON.stringify(commune.postalCodes), epci_code: territory.epci.code,
      epci_name: territory.epci.name, dep_code: territory.department.code, region_code: territory.region.code,
      population: commune.population, lat: commune.lat, lon: commune.lon,
      outline: commune.outline ? JSON.stringify({ type: 'MultiPolygon', coordinates: commune.outline.map((ring) => [ring]) }) : null,
    });
  }
}
