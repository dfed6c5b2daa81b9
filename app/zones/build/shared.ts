// What the zone build and the zone reader (../zone-db.ts) must agree on: the schema version and
// the one way a name is normalized, so a name typed by a person compares equal to the stored one.

/** PRAGMA user_version of zones.db; bump it with any change to schema.sql or to what a column means. */
export const ZONE_SCHEMA_VERSION = 4; // 2: zone_tiles; 3: commune outlines, commune_boxes; 4: zone_build

export type ZoneLevel = 'commune' | 'epci' | 'dep' | 'region' | 'country';

/** A row of the `zones` table, as the build writes it and the reader reads it (the reader leaves out `outline`). */
export interface ZoneRow {
  id: string;
  level: ZoneLevel;
  code: string;
  name: string;
  population: number | null;
  lat: number | null;
  lon: number | null;
  position_source: string | null;
  bbox_min_lat: number | null;
  bbox_min_lon: number | null;
  bbox_max_lat: number | null;
  bbox_max_lon: number | null;
}

// Abbreviations found in addresses, spelled out as in the official names.
const abbreviations: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/**
 * Lower case, no diacritics, ligatures spelled out, words split on anything that is not a letter
 * or a digit: 'Bézaudun-sur-Bîne' and "bezaudun sur bine" both give 'bezaudun sur bine'.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => abbreviations[word] ?? word)
    .join(' ');
}

// Little words that addresses drop or add ("Île d'Yeu" for "L'Île-d'Yeu").
const linkWords = new Set(['l', 'le', 'la', 'les', 'd', 'de', 'du', 'des', 'en', 'et', 'a', 'au', 'aux']);

/** A looser key than normalizeName: without articles and spaces, for comparing an address's commune name. */
export function looseNameKey(name: string): string {
  return normalizeName(name)
    .split(' ')
    .filter((word) => !linkWords.has(word))
    .join('');
}

type Ring = readonly (readonly number[])[];

/** Even-odd test of a [lon, lat] point against one ring (closed or not). */
export function ringContains(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a GeoJSON Polygon's or MultiPolygon's area holds the point (inside an outer ring, not in a hole). */
export function outlineContains(outline: { type: string; coordinates: unknown }, lat: number, lon: number): boolean {
  const polygons = (outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates) as Ring[][];
  return polygons.some((polygon) => polygon.reduce((inside, ring) => (ringContains(ring, lon, lat) ? !inside : inside), false));
}
