// Outlines imported on this box (table zone_outlines, migration 0024): a commune's, an EPCI's or a
// department's outline in place of the one zones.db ships, the commune row of the territory that follows
// it, and the zone tiles it redraws (zone_tiles_local, which /tiles/zones/… reads before zones.zone_tiles).
//
// Which tiles are redrawn: a commune's borders at zooms 8–10, where commune and EPCI borders are drawn
// (below, only department and region borders are, at 75 m or more a tile unit: a commune's new outline
// does not show there); the tiles where a zone's name moves, at the zooms its name is drawn. A tile of
// zoom 8–10 is drawn again whole from the outlines around it; a tile below zoom 8 (a department's name)
// keeps its borders and gets its names again.
import { gunzipSync } from 'node:zlib';
import type { LegacyFeature } from 'geojson-vt';
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import type { BorderLevel } from './build/commune-topology.ts';
import { bordersOfCommunes, type BorderCommune } from './build/outline-borders.ts';
import type { Polygon } from './build/outlines.ts';
import {
  cutLabels, cutZoneTiles, encodeTile, MAX_TILE_ZOOM, tileBounds, tileDrawing, tilesCovering, type TileAddress, type TileZone,
} from './build/tiles.ts';
import type { Bbox, ZoneOutline } from './zone-db.ts';

/** Where a zone is drawn: a point inside it for its name, and its box. */
export interface Placement {
  lat: number;
  lon: number;
  bbox: Bbox;
}

export interface LocalOutline extends Placement {
  zoneId: string;
  outline: ZoneOutline;
}

/** A zone_outlines row as stored (what an undo writes back). */
export interface OutlineRow {
  zone_id: string; outline: string; lat: number; lon: number; bbox_min_lat: number; bbox_min_lon: number; bbox_max_lat: number;
  bbox_max_lon: number; import_id: string; updated_at: string;
}

export const localOutlineRow = (db: Db, zoneId: string) =>
  (sql(db, 'SELECT * FROM zone_outlines WHERE zone_id = ?').get(zoneId) as OutlineRow | undefined) ?? null;

/** The outline imported on this box for a zone, or null (then zones.db's is the one). */
export function importedOutline(db: Db, zoneId: string): ZoneOutline | null {
  const row = localOutlineRow(db, zoneId);
  return row ? (JSON.parse(row.outline) as ZoneOutline) : null;
}

export function saveLocalOutline(db: Db, outline: LocalOutline, importId: string) {
  writeOutlineRow(db, {
    zone_id: outline.zoneId, outline: JSON.stringify(outline.outline), lat: outline.lat, lon: outline.lon,
    bbox_min_lat: outline.bbox.minLat, bbox_min_lon: outline.bbox.minLon, bbox_max_lat: outline.bbox.maxLat, bbox_max_lon: outline.bbox.maxLon,
    import_id: importId, updated_at: nowIso(),
  });
}

/** Puts a row back as it was; null: the zone had no imported outline (zones.db's shows again). */
export function restoreOutlineRow(db: Db, zoneId: string, row: OutlineRow | null) {
  if (row) writeOutlineRow(db, row);
  else sql(db, 'DELETE FROM zone_outlines WHERE zone_id = ?').run(zoneId);
}

function writeOutlineRow(db: Db, row: OutlineRow) {
  sql(db, `INSERT INTO zone_outlines (zone_id, outline, lat, lon, bbox_min_lat, bbox_min_lon, bbox_max_lat, bbox_max_lon, import_id, updated_at)
    VALUES (:zone_id, :outline, :lat, :lon, :bbox_min_lat, :bbox_min_lon, :bbox_max_lat, :bbox_max_lon, :import_id, :updated_at)
    ON CONFLICT (zone_id) DO UPDATE SET outline = excluded.outline, lat = excluded.lat, lon = excluded.lon, bbox_min_lat = excluded.bbox_min_lat,
      bbox_min_lon = excluded.bbox_min_lon, bbox_max_lat = excluded.bbox_max_lat, bbox_max_lon = excluded.bbox_max_lon,
      import_id = excluded.import_id, updated_at = excluded.updated_at`).run(row);
}

/** The outline a zone has on this box (imported, else zones.db's), as stored JSON, and where it is drawn. */
export function currentOutline(db: Db, zoneId: string): { outline: string | null; placement: Placement | null } {
  const local = localOutlineRow(db, zoneId);
  if (local) return { outline: local.outline, placement: placementOf(local) };
  const shipped = sql(db, 'SELECT outline, lat, lon, bbox_min_lat, bbox_min_lon, bbox_max_lat, bbox_max_lon FROM zones.zones WHERE id = ?').get(zoneId) as
    Omit<OutlineRow, 'zone_id' | 'import_id' | 'updated_at' | 'outline'> & { outline: string | null } | undefined;
  if (!shipped) return { outline: null, placement: null };
  const placed = shipped.lat !== null && shipped.bbox_min_lat !== null;
  return { outline: shipped.outline, placement: placed ? placementOf(shipped) : null };
}

const placementOf = (row: Pick<OutlineRow, 'lat' | 'lon' | 'bbox_min_lat' | 'bbox_min_lon' | 'bbox_max_lat' | 'bbox_max_lon'>): Placement => ({
  lat: row.lat, lon: row.lon, bbox: { minLat: row.bbox_min_lat, minLon: row.bbox_min_lon, maxLat: row.bbox_max_lat, maxLon: row.bbox_max_lon },
});

// ---- the box's own communes (migration 0001) ----

export interface CommuneValues {
  outline: string | null;
  lat: number | null;
  lon: number | null;
}

export const communeValues = (db: Db, insee: string) =>
  (sql(db, 'SELECT outline, lat, lon FROM communes WHERE insee = ?').get(insee) as CommuneValues | undefined) ?? null;

export function setCommuneValues(db: Db, insee: string, values: CommuneValues) {
  sql(db, 'UPDATE communes SET outline = :outline, lat = :lat, lon = :lon WHERE insee = :insee').run({ ...values, insee });
}

/** The territory's communes keep MultiPolygons (app/setup/territory.ts). */
export const asMultiPolygon = (outline: ZoneOutline) =>
  JSON.stringify(outline.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [outline.coordinates] } : outline);

// ---- tiles ----

/** A zone whose outline changes: where it was drawn, and where it is drawn now (null: nowhere). */
export interface ZoneChange {
  zoneId: string;
  before: Placement | null;
  after: Placement | null;
}

/** A local tile as it was before a redraw (data base64; null: there was none, the shipped one showed). */
export interface KeptTile extends TileAddress {
  data: string | null;
  importId: string | null;
}

const FIRST_BORDER_ZOOM = tileDrawing.borderZooms.epci[0];
const levelOfZone = (zoneId: string) => zoneId.slice(0, zoneId.indexOf(':')) as BorderLevel;
const keyOf = ({ z, x, y }: TileAddress) => `${z}/${x}/${y}`;

/** The tiles a set of changes redraws, each once. */
export function tilesToRedraw(changes: ZoneChange[]): TileAddress[] {
  const tiles = new Map<string, TileAddress>();
  const add = (list: TileAddress[]) => list.forEach((tile) => tiles.set(keyOf(tile), tile));
  for (const change of changes) {
    const level = levelOfZone(change.zoneId);
    const placements = [change.before, change.after].filter((p): p is Placement => p !== null);
    if (level === 'commune') {
      for (let z = FIRST_BORDER_ZOOM; z <= MAX_TILE_ZOOM; z++) {
        for (const { bbox } of placements) add(tilesCovering(bbox, z, tileDrawing.lineBuffer / tileDrawing.extent));
      }
    }
    const [from, to] = tileDrawing.labelZooms[level] ?? [1, 0];
    for (let z = from; z <= to; z++) {
      for (const { lat, lon } of placements) {
        add(tilesCovering({ minLat: lat, maxLat: lat, minLon: lon, maxLon: lon }, z, tileDrawing.labelBuffer / tileDrawing.extent));
      }
    }
  }
  return [...tiles.values()].sort((a, b) => a.z - b.z || a.x - b.x || a.y - b.y);
}

/** Redraws the tiles the changes touch into zone_tiles_local, and says what was there before. */
export function redrawZoneTiles(db: Db, changes: ZoneChange[], importId: string): KeptTile[] {
  const tiles = tilesToRedraw(changes);
  const kept = tiles.map((tile): KeptTile => {
    const row = localTileRow(db, tile);
    return { ...tile, data: row ? row.data.toString('base64') : null, importId: row?.import_id ?? null };
  });
  for (const [key, data] of drawZoneTiles(db, tiles)) writeLocalTile(db, addressOf(key), data, importId);
  return kept;
}

/**
 * Puts the tiles back as an import found them. A tile drawn again since by a later import, or whose
 * earlier drawing belonged to an import undone since, is drawn from the outlines as they are now instead
 * (or left to zones.db's when no imported outline is near it any more).
 */
export function restoreZoneTiles(db: Db, importId: string, kept: KeptTile[]) {
  const redraw: TileAddress[] = [];
  for (const tile of kept) {
    const current = localTileRow(db, tile);
    const earlierUndone = tile.importId !== null && !isCommitted(db, tile.importId);
    if (current?.import_id !== importId || earlierUndone) redraw.push(tile);
    else if (tile.data === null) deleteLocalTile(db, tile);
    else writeLocalTile(db, tile, Buffer.from(tile.data, 'base64'), tile.importId!);
  }
  const stillLocal = redraw.filter((tile) => localOutlinesNear(db, tile));
  for (const tile of redraw) if (!stillLocal.includes(tile)) deleteLocalTile(db, tile);
  for (const [key, data] of drawZoneTiles(db, stillLocal)) {
    const owner = localTileRow(db, addressOf(key))?.import_id ?? importId;
    writeLocalTile(db, addressOf(key), data, owner);
  }
}

const isCommitted = (db: Db, importId: string) =>
  (sql(db, 'SELECT status FROM imports WHERE id = ?').get(importId) as { status: string } | undefined)?.status === 'committed';

/** Any imported outline, or its name, close enough to the tile to be drawn on it. */
function localOutlinesNear(db: Db, tile: TileAddress): boolean {
  const box = tileBounds(tile);
  const [dLat, dLon] = [(box.maxLat - box.minLat) / 2, (box.maxLon - box.minLon) / 2];
  return sql(db, `SELECT 1 FROM zone_outlines WHERE bbox_max_lat >= ? AND bbox_min_lat <= ? AND bbox_max_lon >= ? AND bbox_min_lon <= ? LIMIT 1`)
    .get(box.minLat - dLat, box.maxLat + dLat, box.minLon - dLon, box.maxLon + dLon) !== undefined;
}

const addressOf = (key: string): TileAddress => {
  const [z, x, y] = key.split('/').map(Number);
  return { z, x, y };
};

const localTileRow = (db: Db, { z, x, y }: TileAddress) =>
  sql(db, 'SELECT data, import_id FROM zone_tiles_local WHERE z = ? AND x = ? AND y = ?').get(z, x, y) as { data: Buffer; import_id: string } | undefined;

// An empty blob stands for "nothing drawn here", hiding a shipped tile that drew something.
function writeLocalTile(db: Db, { z, x, y }: TileAddress, data: Buffer | null, importId: string) {
  sql(db, `INSERT INTO zone_tiles_local (z, x, y, data, import_id) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (z, x, y) DO UPDATE SET data = excluded.data, import_id = excluded.import_id`).run(z, x, y, data ?? Buffer.alloc(0), importId);
}

const deleteLocalTile = (db: Db, { z, x, y }: TileAddress) => sql(db, 'DELETE FROM zone_tiles_local WHERE z = ? AND x = ? AND y = ?').run(z, x, y);

/**
 * Draws these tiles from the outlines as they are on this box now: tiles of zoom 8–10 whole, grouped by
 * their zoom-8 tile so the outlines around are read once per group; lower ones by their names only.
 */
export function drawZoneTiles(db: Db, tiles: TileAddress[]): Map<string, Buffer | null> {
  const drawn = new Map<string, Buffer | null>();
  const groups = new Map<string, TileAddress[]>();
  for (const tile of tiles) {
    if (tile.z < FIRST_BORDER_ZOOM) {
      drawn.set(keyOf(tile), relabelled(db, tile));
      continue;
    }
    const shift = tile.z - FIRST_BORDER_ZOOM;
    const group = `${tile.x >> shift}/${tile.y >> shift}`;
    (groups.get(group) ?? groups.set(group, []).get(group)!).push(tile);
  }
  for (const [group, members] of groups) {
    const [x, y] = group.split('/').map(Number);
    const area = tileBounds({ z: FIRST_BORDER_ZOOM, x, y });
    const borders = bordersOfCommunes(communesAround(db, widened(area, 0.03)));
    const labels = [...labelsAround(db, 'epci', widened(area, 0.75)), ...labelsAround(db, 'commune', widened(area, 0.2))];
    for (const [key, data] of cutZoneTiles(labels, borders, members)) drawn.set(key, data);
  }
  return drawn;
}

type Area = { minLat: number; minLon: number; maxLat: number; maxLon: number };
const widened = (area: Area, degrees: number): Area => ({
  minLat: area.minLat - degrees, minLon: area.minLon - degrees, maxLat: area.maxLat + degrees, maxLon: area.maxLon + degrees,
});

/** A tile below zoom 8: its borders as they are (on this box, else shipped), its names drawn again. */
function relabelled(db: Db, tile: TileAddress): Buffer | null {
  const local = localTileRow(db, tile);
  const shipped = local ? null : (sql(db, 'SELECT data FROM zones.zone_tiles WHERE z = ? AND x = ? AND y = ?').get(tile.z, tile.x, tile.y) as { data: Buffer } | undefined);
  const stored = local?.data ?? shipped?.data;
  const features = stored && stored.length > 0 ? (JSON.parse(gunzipSync(stored).toString('utf8')) as { features: LegacyFeature[] }).features : [];
  const labels = cutLabels([...labelsAround(db, 'region', null), ...labelsAround(db, 'dep', null)], tile);
  const drawn = [...features.filter((feature) => feature.type !== 1), ...labels];
  return drawn.length > 0 ? encodeTile(drawn) : null;
}

/** Every commune with an outline whose box meets the area: its outline on this box (and zones.db's it replaces), its region, department and EPCI. */
function communesAround(db: Db, area: Area): BorderCommune[] {
  const params = { minLat: area.minLat, maxLat: area.maxLat, minLon: area.minLon, maxLon: area.maxLon };
  const shipped = new Map((sql(db, `SELECT z.id, z.outline FROM zones.commune_boxes b JOIN zones.zones z ON z.id = b.zone_id
    WHERE b.max_lat >= :minLat AND b.min_lat <= :maxLat AND b.max_lon >= :minLon AND b.min_lon <= :maxLon AND z.outline IS NOT NULL`)
    .all(params) as { id: string; outline: string }[]).map((row) => [row.id, row.outline]));
  const imported = new Map((sql(db, `SELECT zone_id AS id, outline FROM zone_outlines WHERE zone_id LIKE 'commune:%'
    AND bbox_max_lat >= :minLat AND bbox_min_lat <= :maxLat AND bbox_max_lon >= :minLon AND bbox_min_lon <= :maxLon`)
    .all(params) as { id: string; outline: string }[]).map((row) => [row.id, row.outline]));
  // A commune met by its old box whose imported outline lies elsewhere still draws its imported one.
  const importedOutline = sql(db, 'SELECT outline FROM zone_outlines WHERE zone_id = ?').pluck();
  for (const id of shipped.keys()) {
    const outline = imported.has(id) ? undefined : (importedOutline.get(id) as string | undefined);
    if (outline) imported.set(id, outline);
  }
  const shippedOutline = sql(db, 'SELECT outline FROM zones.zones WHERE id = ?').pluck();
  const parents = sql(db, 'SELECT parent_id FROM zones.zone_parents WHERE zone_id = ?').pluck();
  return [...new Set([...shipped.keys(), ...imported.keys()])].sort().map((id): BorderCommune => {
    const ancestors = parents.all(id) as string[];
    const find = (prefix: string) => ancestors.find((parent) => parent.startsWith(prefix)) ?? '';
    const levels = { region: find('region:'), dep: find('dep:'), epci: find('epci:') || id };
    const code = id.slice('commune:'.length);
    if (!imported.has(id)) return { code, polygons: polygonsOf(shipped.get(id)!), levels };
    const replaced = shipped.get(id) ?? (shippedOutline.get(id) as string | null);
    return { code, polygons: polygonsOf(imported.get(id)!), replaced: replaced ? polygonsOf(replaced) : null, levels };
  });
}

function polygonsOf(outline: string): Polygon[] {
  const geometry = JSON.parse(outline) as ZoneOutline;
  return (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Polygon[];
}

/** The names of one level placed in the area (all of them when null), at their place on this box. */
function labelsAround(db: Db, level: BorderLevel, area: Area | null): TileZone[] {
  const { minLat, minLon, maxLat, maxLon } = area ?? { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 };
  return sql(db, `SELECT id, level, name, lat, lon FROM (
      SELECT z.id, z.level, z.name, coalesce(o.lat, z.lat) AS lat, coalesce(o.lon, z.lon) AS lon
      FROM zones.zones z LEFT JOIN zone_outlines o ON o.zone_id = z.id WHERE z.level = :level)
    WHERE lat BETWEEN :minLat AND :maxLat AND lon BETWEEN :minLon AND :maxLon ORDER BY id`).all({ level, minLat, minLon, maxLat, maxLon }) as TileZone[];
}
