// The communes of the box's territory, read side. The territory issue grows this into the full
// zone hierarchy (intercommunalities, departments, regions, custom zones).
import { sql, type Db } from '../core/db/database.ts';

export interface CommuneSummary {
  insee: string;
  name: string;
}

export const listCommunes = (db: Db): CommuneSummary[] =>
  sql(db, 'SELECT insee, name FROM communes ORDER BY name').all() as CommuneSummary[];

export const communeExists = (db: Db, insee: string) => sql(db, 'SELECT 1 FROM communes WHERE insee = ?').get(insee) !== undefined;

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

/** The intercommunality holding most of the box's communes: the territory the home page presents. */
export function mainTerritory(db: Db): { name: string; communes: number; population: number } | null {
  const row = sql(db, `SELECT epci_name AS name, count(*) AS communes, sum(population) AS population
    FROM communes WHERE epci_name IS NOT NULL GROUP BY epci_code ORDER BY communes DESC LIMIT 1`).get() as
    { name: string; communes: number; population: number | null } | undefined;
  return row ? { ...row, population: row.population ?? 0 } : null;
}
