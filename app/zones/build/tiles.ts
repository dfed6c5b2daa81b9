// Zone tiles: borders and names of regions, departments, EPCI and communes, cut into map tiles
// once at build time so the offline map needs no basemap. Each tile is geojson-vt's JSON tile
// (extent 4096), gzip-compressed, in the MBTiles-like table zone_tiles.
import type Database from 'better-sqlite3';
import type { Feature, FeatureCollection, Geometry, MultiLineString, Point } from 'geojson';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import { gzipSync } from 'node:zlib';
import type { BorderLevel } from './commune-topology.ts';

/** A zone as the tiles need it: its name and label position. */
export interface TileZone {
  id: string;
  level: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

export interface ZoneTilesReport {
  tiles: number;
  bytes: number;
  byZoom: Record<number, number>;
  bytesByZoom: Record<number, number>;
}

interface Layer {
  index: GeoJSONVT;
  minZoom: number;
  maxZoom: number;
  /** Keeps a feature of this layer at zoom z (borders and labels come and go by level). */
  keep: (feature: LegacyFeature, z: number) => boolean;
}

/**
 * The deepest zoom stored. The commune outlines are simplified to ~50 m, which a zoom-10 tile
 * (4096 units over ~28 km, ~7 m each) already holds: deeper zooms draw the zoom-10 tile scaled up
 * (zone-tiles.js), as sharp and a fraction of the tiles (a zoom-11 pyramid would be 4 times as many).
 */
export const MAX_TILE_ZOOM = 10;
// Zooms where each level's borders, then its name, are drawn: a name only where it fits.
const BORDER_ZOOMS: Record<BorderLevel, [number, number]> = { region: [0, MAX_TILE_ZOOM], dep: [0, MAX_TILE_ZOOM], epci: [8, MAX_TILE_ZOOM], commune: [10, MAX_TILE_ZOOM] };
const LABEL_ZOOMS: Record<BorderLevel, [number, number]> = { region: [4, 6], dep: [6, 7], epci: [8, 9], commune: [10, MAX_TILE_ZOOM] };
const EXTENT = 4096;
// Labels are wider than a tile's edge buffer: a buffer of half a tile lets the tile beside a name
// draw its other half, so names cross tile edges unbroken.
const LABEL_BUFFER = EXTENT / 2;
// geojson-vt's default: enough for a stroke to cross a tile's edge unbroken.
const LINE_BUFFER = 64;

const isBorderLevel = (level: string): level is BorderLevel => level === 'region' || level === 'dep' || level === 'epci' || level === 'commune';

const collection = <G extends Geometry>(features: Feature<G>[]): FeatureCollection<G> => ({ type: 'FeatureCollection', features });

const inRange = (range: [number, number], z: number) => z >= range[0] && z <= range[1];
const levelOf = (feature: LegacyFeature) => feature.tags?.level as BorderLevel;

// Borders are lines, each drawn once at the highest level it separates (commune-topology.ts), not
// polygons: a polygon clipped to a tile gains edges along the tile's border, which a stroke would
// draw as false boundaries, and two neighbours' polygons would draw their border twice.
function layersOf(zones: TileZone[], borders: Record<BorderLevel, number[][][]>): Layer[] {
  const lines: Feature<MultiLineString>[] = Object.entries(borders)
    .filter(([, coordinates]) => coordinates.length > 0)
    .map(([level, coordinates]) => ({ type: 'Feature', properties: { level }, geometry: { type: 'MultiLineString', coordinates } }));
  const labels: Feature<Point>[] = [];
  for (const zone of zones) {
    if (!isBorderLevel(zone.level) || zone.lat === null || zone.lon === null) continue;
    labels.push({ type: 'Feature', properties: { id: zone.id, level: zone.level, name: zone.name }, geometry: { type: 'Point', coordinates: [zone.lon, zone.lat] } });
  }
  return [
    {
      index: new GeoJSONVT(collection(lines), { maxZoom: MAX_TILE_ZOOM, extent: EXTENT, buffer: LINE_BUFFER }),
      minZoom: 0,
      maxZoom: MAX_TILE_ZOOM,
      keep: (feature, z) => inRange(BORDER_ZOOMS[levelOf(feature)], z),
    },
    {
      index: new GeoJSONVT(collection(labels), { maxZoom: MAX_TILE_ZOOM, extent: EXTENT, buffer: LABEL_BUFFER }),
      minZoom: Math.min(...Object.values(LABEL_ZOOMS).map((range) => range[0])),
      maxZoom: MAX_TILE_ZOOM,
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
      const features = tile.features.filter((f) => layer.keep(f, z));
      if (features.length > 0) {
        const key = `${z}/${x}/${y}`;
        into.set(key, [...(into.get(key) ?? []), ...features]);
      }
    }
    if (z < layer.maxZoom) for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) visit(z + 1, 2 * x + dx, 2 * y + dy);
  };
  visit(0, 0, 0);
}

/** A tile as stored: geojson-vt's features without the ids it numbers them with (the map has no use for them), gzipped. */
export function encodeTile(features: LegacyFeature[]): Buffer {
  const compact = features.map(({ type, geometry, tags }) => ({ type, geometry, tags }));
  return gzipSync(JSON.stringify({ features: compact }), { level: 9 });
}

/** Cuts the borders and the zones' names into tiles and writes them to zone_tiles. */
export function writeZoneTiles(db: Database.Database, zones: TileZone[], borders: Record<BorderLevel, number[][][]>): ZoneTilesReport {
  const tiles = new Map<string, LegacyFeature[]>();
  for (const layer of layersOf(zones, borders)) collectLayer(layer, tiles);

  const insert = db.prepare('INSERT INTO zone_tiles (z, x, y, data) VALUES (?, ?, ?, ?)');
  const report: ZoneTilesReport = { tiles: 0, bytes: 0, byZoom: {}, bytesByZoom: {} };
  db.transaction(() => {
    for (const [key, features] of tiles) {
      const [z, x, y] = key.split('/').map(Number);
      const data = encodeTile(features);
      insert.run(z, x, y, data);
      report.tiles += 1;
      report.bytes += data.length;
      report.byZoom[z] = (report.byZoom[z] ?? 0) + 1;
      report.bytesByZoom[z] = (report.bytesByZoom[z] ?? 0) + data.length;
    }
  })();
  return report;
}

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/**
 * Cuts only the given tiles, the same way as writeZoneTiles (for tiles redrawn on a box after an outline
 * import): null for a tile where nothing is drawn. The borders and zones need only cover those tiles.
 */
export function cutZoneTiles(zones: TileZone[], borders: Record<BorderLevel, number[][][]>, wanted: TileAddress[]): Map<string, Buffer | null> {
  const layers = layersOf(zones, borders);
  const tiles = new Map<string, Buffer | null>();
  for (const { z, x, y } of wanted) {
    const features = layers.flatMap((layer) => {
      if (z < layer.minZoom || z > layer.maxZoom) return [];
      return (layer.index.getTile(z, x, y)?.features ?? []).filter((feature) => layer.keep(feature, z));
    });
    tiles.set(`${z}/${x}/${y}`, features.length > 0 ? encodeTile(features) : null);
  }
  return tiles;
}

/** The names drawn on one tile, cut the same way (for a tile whose borders are kept as they are). */
export function cutLabels(zones: TileZone[], { z, x, y }: TileAddress): LegacyFeature[] {
  const labels = layersOf(zones, { region: [], dep: [], epci: [], commune: [] })[1];
  return (labels.index.getTile(z, x, y)?.features ?? []).filter((feature) => labels.keep(feature, z));
}

/** Where each level's borders and names are drawn (zooms), and the edge buffers, for whoever redraws tiles. */
export const tileDrawing = { borderZooms: BORDER_ZOOMS, labelZooms: LABEL_ZOOMS, extent: EXTENT, labelBuffer: LABEL_BUFFER, lineBuffer: LINE_BUFFER };

/** The slippy-map tiles at zoom z that a box of degrees touches, each tile widened by `buffer` (a fraction of a tile) on every side. */
export function tilesCovering(box: { minLat: number; minLon: number; maxLat: number; maxLon: number }, z: number, buffer: number): TileAddress[] {
  const n = 2 ** z;
  const clamp = (value: number) => Math.min(n - 1, Math.max(0, Math.floor(value)));
  const [x0, x1] = [clamp(tileX(box.minLon, z) - buffer), clamp(tileX(box.maxLon, z) + buffer)];
  const [y0, y1] = [clamp(tileY(box.maxLat, z) - buffer), clamp(tileY(box.minLat, z) + buffer)];
  const tiles: TileAddress[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push({ z, x, y });
  return tiles;
}

/** A longitude or latitude as a fractional tile number at zoom z (y counted from the north). */
export const tileX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
export function tileY(lat: number, z: number): number {
  const rad = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z;
}

/** The degrees a tile spans. */
export function tileBounds({ z, x, y }: TileAddress): { minLat: number; minLon: number; maxLat: number; maxLon: number } {
  const n = 2 ** z;
  const latOf = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return { minLon: (x / n) * 360 - 180, maxLon: ((x + 1) / n) * 360 - 180, maxLat: latOf(y), minLat: latOf(y + 1) };
}
