// Demo network map: the repair cafés, re-use places and shared gardens of the demo intercommunality.
import { sql } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { deleteDemoMaps, insertMap, mapSlugTaken } from './storage.ts';

/** Writes the demo map; call inside the demo seed's transaction. */
export function seedDemoNetmaps(deps: Deps, ids: { persons: string[]; organizations: string[]; projects: string[]; events: string[] }, _now: Date): void {
  const { db } = deps;
  const epci = sql(db, 'SELECT epci_code FROM communes WHERE epci_code IS NOT NULL GROUP BY epci_code ORDER BY count(*) DESC LIMIT 1').get() as
    { epci_code: string } | undefined;
  if (mapSlugTaken(db, 'reparer-et-cultiver')) return;
  insertMap(db, {
    slug: 'reparer-et-cultiver', title: 'Réparer et cultiver',
    description: 'Les Répar’Cafés, lieux de réemploi et jardins partagés de la communauté de communes.',
    types: ['organization', 'project', 'event', 'poi'], tags: ['réparation', 'réemploi', 'jardin'],
    zones: epci ? [`epci:${epci.epci_code}`] : [],
    colours: { organization: '#1f6f50', project: '#b5651d', event: '#a4262c', poi: '#2b6cb0' },
  }, ids.persons[0] ?? null, true);
}

export const deleteDemoNetmaps = deleteDemoMaps;
