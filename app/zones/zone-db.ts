// Reads the zone database of all France (built by scripts/build-zones.ts into generated/zones.db):
// zones by id, their ancestors, communes by postal code, names, the commune of a position (the one
// whose outline holds it, else the nearest), and the rule that finds the commune of an address.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../core/db/database.ts';
import { looseNameKey, normalizeName, outlineContains, ZONE_SCHEMA_VERSION, type ZoneLevel, type ZoneRow } from './build/shared.ts';

export const defaultZoneDbPath = join(import.meta.dirname, 'generated/zones.db');

export type { ZoneLevel };

export interface Bbox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

export interface Zone {
  id: string;
  level: ZoneLevel;
  code: string;
  name: string;
  population: number | null;
  lat: number | null;
  lon: number | null;
  /** How lat/lon were found: see schema.sql. 'outline' and 'geonames' are real positions of a commune, the others guesses. */
  positionSource: string | null;
  bbox: Bbox | null;
}

/** A GeoJSON geometry as stored: Polygon or MultiPolygon, [lon, lat] positions. */
export interface ZoneOutline {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
}

export interface ZoneNameMatch {
  zone: Zone;
  /** The normalized name that matched: the zone's own, or a former commune's within it. */
  matchedName: string;
  kind: 'name' | 'former';
}

export interface NearestCommune {
  commune: Zone;
  /** From the point to the commune's position. */
  distanceKm: number;
  /** The point lies within the commune's outline (else the commune is only the nearest one). */
  inside: boolean;
}

export interface CommuneQuery {
  insee?: string;
  postalCode?: string;
  name?: string;
  lat?: number;
  lon?: number;
}

export type CommuneResolution =
  | { status: 'found'; commune: Zone; by: 'insee' | 'former-insee' | 'postal-code' | 'postal-code-and-name' | 'postal-code-and-position' | 'position' | 'name' }
  /** The postal code (or the name alone) fits several communes: a person must choose. */
  | { status: 'ambiguous'; candidates: Zone[]; by: 'postal-code' | 'name' }
  | { status: 'not-found' };

export interface ZoneDb {
  findZone(id: string): Zone | null;
  findOutline(id: string): ZoneOutline | null;
  /** Every ancestor, nearest first: EPCI, department(s), region(s), country. */
  ancestors(zoneId: string): Zone[];
  communesForPostalCode(postalCode: string): Zone[];
  searchZoneNames(query: string, limit?: number): ZoneNameMatch[];
  /**
   * The commune whose outline holds the point; else (at sea, or in one of the few communes without
   * an outline) the nearest commune with a real position; null when none lies within ~1,000 km.
   */
  nearestCommune(lat: number, lon: number): NearestCommune | null;
  /** The hash of the inputs this database was built from: a new value means zones may have moved. */
  buildId(): string;
  resolveCommune(query: CommuneQuery): CommuneResolution;
  close(): void;
}

const zoneColumns = 'z.id, z.level, z.code, z.name, z.population, z.lat, z.lon, z.position_source, z.bbox_min_lat, z.bbox_min_lon, z.bbox_max_lat, z.bbox_max_lon';

function toZone(row: ZoneRow): Zone {
  const hasBbox = row.bbox_min_lat !== null && row.bbox_min_lon !== null && row.bbox_max_lat !== null && row.bbox_max_lon !== null;
  return {
    id: row.id,
    level: row.level,
    code: row.code,
    name: row.name,
    population: row.population,
    lat: row.lat,
    lon: row.lon,
    positionSource: row.position_source,
    bbox: hasBbox ? { minLat: row.bbox_min_lat!, minLon: row.bbox_min_lon!, maxLat: row.bbox_max_lat!, maxLon: row.bbox_max_lon! } : null,
  };
}

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = Math.sin(toRadians(lat2 - lat1) / 2) ** 2 + Math.cos(toRadians(lat1)) * Math.cos(toRadians(lat2)) * Math.sin(toRadians(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

const byName = new Intl.Collator('fr').compare;
const levelRank: Record<ZoneLevel, number> = { commune: 0, epci: 1, dep: 2, region: 3, country: 4 };
const MAX_SEARCH_RADIUS_DEGREES = 10;

/** Opens zones.db read-only with a small page cache; throws if it was built for another schema. */
export function openZoneDb(path: string = defaultZoneDbPath): ZoneDb {
  if (!existsSync(path)) throw new Error(`${path} is missing: build it with node scripts/build-zones.ts`);
  const db: Db = openDatabase(path, { readonly: true, cacheKiB: 1024 });
  const version = db.pragma('user_version', { simple: true });
  if (version !== ZONE_SCHEMA_VERSION) {
    db.close();
    throw new Error(`${path} has zone schema ${version}, this code reads ${ZONE_SCHEMA_VERSION}: rebuild it with node scripts/build-zones.ts`);
  }

  const zoneById = db.prepare(`SELECT ${zoneColumns} FROM zones z WHERE z.id = ?`);
  const outlineById = db.prepare('SELECT outline FROM zones WHERE id = ?').pluck();
  const ancestorsOf = db.prepare(`SELECT ${zoneColumns} FROM zone_parents p JOIN zones z ON z.id = p.parent_id WHERE p.zone_id = ?`);
  const communesByPostalCode = db.prepare(`SELECT ${zoneColumns} FROM postal_codes pc JOIN zones z ON z.id = pc.commune_id WHERE pc.postal_code = ?`);
  const communeByAlias = db.prepare(`SELECT ${zoneColumns} FROM commune_code_aliases a JOIN zones z ON z.id = a.commune_id WHERE a.code = ?`);
  const namesMatching = db.prepare(`SELECT ${zoneColumns}, n.name AS matched_name, n.kind
    FROM zone_names n JOIN zones z ON z.id = n.zone_id
    WHERE zone_names MATCH $match
    ORDER BY n.name = $exact DESC, substr(n.name, 1, length($exact)) = $exact DESC, n.kind = 'name' DESC,
      z.population DESC NULLS LAST, z.id
    LIMIT $limit`);
  const communesNamed = db.prepare(`SELECT ${zoneColumns}, n.name AS matched_name, n.kind
    FROM zone_names n JOIN zones z ON z.id = n.zone_id
    WHERE zone_names MATCH $match AND n.name = $exact AND z.level = 'commune'`);
  const communesInBox = db.prepare(`SELECT ${zoneColumns} FROM commune_boxes b JOIN zones z ON z.id = b.zone_id
    WHERE b.max_lat >= $minLat AND b.min_lat <= $maxLat AND b.max_lon >= $minLon AND b.min_lon <= $maxLon`);
  // The R*Tree's boxes are 32-bit floats rounded outwards: a prefilter, the outline decides.
  const outlinedCommunesAt = db.prepare(`SELECT ${zoneColumns}, z.outline FROM commune_boxes b JOIN zones z ON z.id = b.zone_id
    WHERE b.min_lat <= $lat AND b.max_lat >= $lat AND b.min_lon <= $lon AND b.max_lon >= $lon AND z.outline IS NOT NULL
    ORDER BY z.id`);

  const findZone = (id: string): Zone | null => {
    const row = zoneById.get(id) as ZoneRow | undefined;
    return row ? toZone(row) : null;
  };

  const communesForPostalCode = (postalCode: string): Zone[] =>
    (communesByPostalCode.all(postalCode.trim()) as ZoneRow[]).map(toZone).sort((a, b) => byName(a.name, b.name));

  // Every word quoted, so user input is never FTS syntax; the last one as a prefix, for typing.
  const ftsQuery = (normalized: string, prefix: boolean): string => {
    const words = normalized.split(' ').map((word) => `"${word.replaceAll('"', '""')}"`);
    if (prefix) words[words.length - 1] += '*';
    return words.join(' ');
  };

  const searchZoneNames = (query: string, limit = 10): ZoneNameMatch[] => {
    const normalized = normalizeName(query);
    if (normalized === '' || limit <= 0) return [];
    // A zone may match by its name and by a former commune's: read extra rows, keep the best per zone.
    const rows = namesMatching.all({ match: ftsQuery(normalized, true), exact: normalized, limit: limit * 3 }) as (ZoneRow & { matched_name: string; kind: 'name' | 'former' })[];
    const seen = new Set<string>();
    const matches: ZoneNameMatch[] = [];
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      matches.push({ zone: toZone(row), matchedName: row.matched_name, kind: row.kind });
    }
    return matches.slice(0, limit);
  };

  const communeHolding = (lat: number, lon: number): NearestCommune | null => {
    for (const row of outlinedCommunesAt.all({ lat, lon }) as (ZoneRow & { outline: string })[]) {
      if (outlineContains(JSON.parse(row.outline) as ZoneOutline, lat, lon)) {
        return { commune: toZone(row), distanceKm: haversineKm(lat, lon, row.lat!, row.lon!), inside: true };
      }
    }
    return null;
  };

  const nearestCommune = (lat: number, lon: number): NearestCommune | null => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
    const holding = communeHolding(lat, lon);
    if (holding) return holding;
    // Grow a box around the point until it holds a commune, then make sure no commune outside
    // the box is nearer: the box must reach as far as the best distance found.
    let radius = 0.05;
    for (;;) {
      // Degrees of longitude shrink towards the pole: size the box on its poleward edge.
      const lonRadius = radius / Math.max(Math.cos(toRadians(Math.min(Math.abs(lat) + radius, 89))), 0.01);
      // A commune whose position lies in the search box has its box, which holds that position, there too.
      const rows = communesInBox.all({ minLat: lat - radius, maxLat: lat + radius, minLon: lon - lonRadius, maxLon: lon + lonRadius }) as ZoneRow[];
      let best: NearestCommune | null = null;
      for (const row of rows) {
        const distanceKm = haversineKm(lat, lon, row.lat!, row.lon!);
        if (!best || distanceKm < best.distanceKm) best = { commune: toZone(row), distanceKm, inside: false };
      }
      if (best && best.distanceKm <= radius * KM_PER_DEGREE) return best;
      if (radius >= MAX_SEARCH_RADIUS_DEGREES) return best;
      radius = best ? Math.min((best.distanceKm / KM_PER_DEGREE) * 1.01, MAX_SEARCH_RADIUS_DEGREES) : Math.min(radius * 4, MAX_SEARCH_RADIUS_DEGREES);
    }
  };

  // The candidates a commune name designates: exact normalized name (its own or a former one's),
  // else the same name without articles and spaces.
  const pickByName = (candidates: Zone[], name: string): Zone[] => {
    const normalized = normalizeName(name);
    if (normalized === '') return [];
    const ids = new Set(candidates.map((c) => c.id));
    const exact = (communesNamed.all({ match: ftsQuery(normalized, false), exact: normalized }) as ZoneRow[]).filter((row) => ids.has(row.id));
    if (exact.length > 0) return [...new Map(exact.map((row) => [row.id, toZone(row)])).values()];
    const loose = looseNameKey(name);
    return candidates.filter((c) => looseNameKey(c.name) === loose);
  };

  const hasPosition = (query: CommuneQuery): query is CommuneQuery & { lat: number; lon: number } =>
    typeof query.lat === 'number' && typeof query.lon === 'number' && Number.isFinite(query.lat) && Number.isFinite(query.lon);

  const resolveCommune = (query: CommuneQuery): CommuneResolution => {
    const insee = query.insee?.trim().toUpperCase();
    if (insee) {
      const commune = findZone(`commune:${insee}`);
      if (commune) return { status: 'found', commune, by: 'insee' };
      const holder = communeByAlias.get(insee) as ZoneRow | undefined;
      if (holder) return { status: 'found', commune: toZone(holder), by: 'former-insee' };
    }

    const candidates = query.postalCode ? communesForPostalCode(query.postalCode) : [];
    if (candidates.length === 1) return { status: 'found', commune: candidates[0], by: 'postal-code' };
    if (candidates.length > 1) {
      const named = query.name ? pickByName(candidates, query.name) : [];
      if (named.length === 1) return { status: 'found', commune: named[0], by: 'postal-code-and-name' };
      if (hasPosition(query)) {
        const nearest = nearestCommune(query.lat, query.lon);
        const nearestCandidate = candidates.find((c) => c.id === nearest?.commune.id);
        if (nearestCandidate) return { status: 'found', commune: nearestCandidate, by: 'postal-code-and-position' };
      }
      return { status: 'ambiguous', candidates: named.length > 1 ? named : candidates, by: 'postal-code' };
    }

    if (hasPosition(query)) {
      const nearest = nearestCommune(query.lat, query.lon);
      if (nearest) return { status: 'found', commune: nearest.commune, by: 'position' };
    }

    if (query.name) {
      const normalized = normalizeName(query.name);
      if (normalized !== '') {
        const named = (communesNamed.all({ match: ftsQuery(normalized, false), exact: normalized }) as ZoneRow[]).map(toZone);
        const unique = [...new Map(named.map((zone) => [zone.id, zone])).values()];
        if (unique.length === 1) return { status: 'found', commune: unique[0], by: 'name' };
        if (unique.length > 1) return { status: 'ambiguous', candidates: unique.sort((a, b) => byName(a.name, b.name)), by: 'name' };
      }
    }
    return { status: 'not-found' };
  };

  return {
    findZone,
    findOutline: (id) => {
      const outline = outlineById.get(id) as string | null | undefined;
      return outline ? (JSON.parse(outline) as ZoneOutline) : null;
    },
    ancestors: (zoneId) => (ancestorsOf.all(zoneId) as ZoneRow[]).map(toZone).sort((a, b) => levelRank[a.level] - levelRank[b.level] || a.code.localeCompare(b.code)),
    communesForPostalCode,
    searchZoneNames,
    nearestCommune,
    resolveCommune,
    buildId: () => db.prepare("SELECT value FROM zone_build WHERE key = 'inputs_hash'").pluck().get() as string,
    close: () => db.close(),
  };
}
