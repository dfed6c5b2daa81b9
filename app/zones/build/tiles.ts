// Zone tiles: outlines and names of regions, departments and the demo communes, cut into map
// tiles once at build time so the offline map needs no basemap. Each tile is geojson-vt's JSON
// tile (extent 4096), gzip-compressed, in the MBTiles-like table zone_tiles.
import type Database from 'better-sqlite3';
import type { Feature, FeatureCollection, Geometry, MultiLineString, Point } from 'geojson';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import { gzipSync } from 'node:zlib';
import { loadDemoTerritory } from '../../demo/territory.ts';

type TileLevel = 'region' | 'dep' | 'commune';

/** A zone as the tiles need it: its outline (GeoJSON Polygon or MultiPolygon) and label position. */
export interface TileZone {
  id: string;
  level: string;
  name: string;
  lat: number | null;
  lon: number | null;
  outline: string | null;
}

export interface ZoneTilesReport {
  tiles: number;
  bytes: number;
  byZoom: Record<number, number>;
}

interface Layer {
  index: GeoJSONVT;
  minZoom: number;
  maxZoom: number;
  /** Keeps a feature of this layer at zoom z (labels come and go by level). */
  keep?: (feature: LegacyFeature, z: number) => boolean;
}

// Zooms where each level's outline, then its name, is drawn: a name only where it fits.
// Department and region outlines go as deep as the communes': a tile without them would be blank
// outside the demo territory; deeper zooms draw the zoom-12 tile scaled up (zone-tiles.js).
const OUTLINE_ZOOMS: Record<TileLevel, [number, number]> = { region: [0, 12], dep: [0, 12], commune: [8, 12] };
const LABEL_ZOOMS: Record<TileLevel, [number, number]> = { region: [4, 6], dep: [6, 9], commune: [10, 12] };
const EXTENT = 4096;
// Labels are wider than a tile's edge buffer: a buffer of half a tile lets the tile beside a name
// draw its other half, so names cross tile edges unbroken.
const LABEL_BUFFER = EXTENT / 2;

// Outlines are sliced as lines, not polygons: a polygon clipped to a tile gains edges along the
// tile's border, which a stroke would draw as false boundaries.
function outlineFeature(zone: { id: string; level: TileLevel; name: string }, geometry: Geometry): Feature<MultiLineString> | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const lines = polygons.flat();
  if (lines.length === 0) return null;
  return { type: 'Feature', properties: { id: zone.id, level: zone.level, name: zone.name }, geometry: { type: 'MultiLineString', coordinates: lines } };
}

function labelFeature(zone: { id: string; level: TileLevel; name: string }, lon: number, lat: number): Feature<Point> {
  return { type: 'Feature', properties: { id: zone.id, level: zone.level, name: zone.name }, geometry: { type: 'Point', coordinates: [lon, lat] } };
}

const collection = <G extends Geometry>(features: Feature<G>[]): FeatureCollection<G> => ({ type: 'FeatureCollection', features });

const rangeOf = ([minZoom, maxZoom]: [number, number]) => ({ minZoom, maxZoom });

const isTileLevel = (level: string): level is 'region' | 'dep' => level === 'region' || level === 'dep';

function layersOf(zones: TileZone[]): Layer[] {
  const outlines: Feature<MultiLineString>[] = [];
  const labels: Feature<Point>[] = [];
  for (const row of zones) {
    if (!isTileLevel(row.level)) continue;
    const zone = { id: row.id, level: row.level, name: row.name };
    const feature = row.outline ? outlineFeature(zone, JSON.parse(row.outline) as Geometry) : null;
    if (feature) outlines.push(feature);
    if (row.lat !== null && row.lon !== null) labels.push(labelFeature(zone, row.lon, row.lat));
  }
  // zones.db has no commune outlines; the demo territory's communes have detailed ones.
  const communeOutlines: Feature<MultiLineString>[] = [];
  for (const commune of loadDemoTerritory().communes) {
    const zone = { id: `commune:${commune.insee}`, level: 'commune' as const, name: commune.name };
    const feature = commune.outline ? outlineFeature(zone, { type: 'Polygon', coordinates: commune.outline }) : null;
    if (feature) communeOutlines.push(feature);
    labels.push(labelFeature(zone, commune.lon, commune.lat));
  }

  const inRange = (range: [number, number], z: number) => z >= range[0] && z <= range[1];
  const maxOf = (ranges: Record<TileLevel, [number, number]>) => Math.max(...Object.values(ranges).map((r) => r[1]));
  const minOf = (ranges: Record<TileLevel, [number, number]>) => Math.min(...Object.values(ranges).map((r) => r[0]));
  const levelOf = (feature: LegacyFeature) => feature.tags?.level as TileLevel;
  return [
    { index: new GeoJSONVT(collection(outlines), { maxZoom: OUTLINE_ZOOMS.dep[1], extent: EXTENT }), ...rangeOf(OUTLINE_ZOOMS.dep) },
    { index: new GeoJSONVT(collection(communeOutlines), { maxZoom: OUTLINE_ZOOMS.commune[1], extent: EXTENT }), ...rangeOf(OUTLINE_ZOOMS.commune) },
    {
      index: new GeoJSONVT(collection(labels), { maxZoom: maxOf(LABEL_ZOOMS), extent: EXTENT, buffer: LABEL_BUFFER }),
      minZoom: minOf(LABEL_ZOOMS),
      maxZoom: maxOf(LABEL_ZOOMS),
      keep: (feature, z) => inRange(LABEL_ZOOMS[levelOf(feature)], z),
    },
  ];
}

/** Every tile of the layer that holds a feature: a tile without any has no child with any. */
function collectLayer(layer: Layer, into: Map<string, LegacyFeature[]>): void {
  const visit = (z: number, x: number, y: number) => {
    const tile = layer.index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return;
    if (z >= layer.minZoom) {
      const features = layer.keep ? tile.features.filter((f) => layer.keep!(f, z)) : tile.features;
      if (features.length > 0) {
        const key = `${z}/${x}/${y}`;
        into.set(key, [...(into.get(key) ?? []), ...features]);
      }
    }
    if (z < layer.maxZoom) for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) visit(z + 1, 2 * x + dx, 2 * y + dy);
  };
  visit(0, 0, 0);
}

/** Cuts the zones into tiles and writes them to zone_tiles; call inside a transaction or not. */
export function writeZoneTiles(db: Database.Database, zones: TileZone[]): ZoneTilesReport {
  const tiles = new Map<string, LegacyFeature[]>();
  for (const layer of layersOf(zones)) collectLayer(layer, tiles);

  const insert = db.prepare('INSERT INTO zone_tiles (z, x, y, data) VALUES (?, ?, ?, ?)');
  const report: ZoneTilesReport = { tiles: 0, bytes: 0, byZoom: {} };
  db.transaction(() => {
    for (const [key, features] of tiles) {
      const [z, x, y] = key.split('/').map(Number);
      // geojson-vt numbers each feature; the map has no use for those ids.
      const compact = features.map(({ type, geometry, tags }) => ({ type, geometry, tags }));
      const data = gzipSync(JSON.stringify({ features: compact }), { level: 9 });
      insert.run(z, x, y, data);
      report.tiles += 1;
      report.bytes += data.length;
      report.byZoom[z] = (report.byZoom[z] ?? 0) + 1;
    }
  })();
  return report;
}
