// Places whose name matches a search ("bezaudun" finds Bézaudun-sur-Bîne), so a search can lead to a zone page.
import type { Deps } from '../deps.ts';

export interface ZoneHit {
  id: string;
  name: string;
  level: string;
  population: number | null;
  /** The department, to tell apart communes of the same name. */
  context: string | null;
}

export function matchingZones(deps: Deps, q: string | undefined, limit = 6): ZoneHit[] {
  if (!q || q.trim().length < 2) return [];
  return deps.zones.searchZoneNames(q, limit).map(({ zone }) => ({
    id: zone.id, name: zone.name, level: zone.level, population: zone.population,
    context: zone.level === 'commune' || zone.level === 'epci' ? deps.zones.ancestors(zone.id).find((parent) => parent.level === 'dep')?.name ?? null : null,
  }));
}
