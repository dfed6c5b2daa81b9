// The optional offline basemap: one raster PMTiles archive in the data folder (put there by an import,
// app/imports/formats/pmtiles.ts), read at offsets as tiles are asked for and drawn by zone-tiles.js under
// the zone outlines. GET /tiles/base.json describes it (204: the box has none); GET /tiles/base/:z/:x/:y answers a tile.
import { constants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { PMTiles, TileType, type Header, type RangeResponse, type Source } from 'pmtiles';
import { AppError } from '../core/errors.ts';
import type { Config } from '../core/config.ts';

export const basemapPath = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'basemap.pmtiles');

const rasterTypes = new Map<TileType, { format: string; contentType: string }>([
  [TileType.Png, { format: 'png', contentType: 'image/png' }],
  [TileType.Jpeg, { format: 'jpg', contentType: 'image/jpeg' }],
  [TileType.Webp, { format: 'webp', contentType: 'image/webp' }],
]);

/** What the box says of a basemap: its tiles' format, zooms, bounds and credit. */
export interface BasemapInfo {
  format: string;
  contentType: string;
  minZoom: number;
  maxZoom: number;
  /** West, south, east, north, in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
  attribution: string;
}

/** An archive on disk, read with positioned reads (never whole: a basemap may be gigabytes). */
class FileSource implements Source {
  readonly #handle: FileHandle;
  readonly #key: string;
  constructor(handle: FileHandle, key: string) {
    this.#handle = handle;
    this.#key = key;
  }
  getKey = () => this.#key;
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const bytes = new Uint8Array(length);
    const { bytesRead } = await this.#handle.read(bytes, 0, length, offset);
    return { data: bytesRead === length ? bytes.buffer : bytes.buffer.slice(0, bytesRead) };
  }
}

export interface OpenArchive {
  archive: PMTiles;
  info: BasemapInfo;
  close(): Promise<void>;
}

/**
 * Opens a PMTiles v3 archive and checks it can be a basemap: raster tiles the browser shows as they are.
 * `name` is how people know the file, for the errors.
 */
export async function openArchive(path: string, name: string): Promise<OpenArchive> {
  const handle = await fs.open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const archive = new PMTiles(new FileSource(handle, path));
    let header: Header;
    let metadata: unknown;
    try {
      header = await archive.getHeader();
      metadata = await archive.getMetadata();
    } catch (error) {
      throw new AppError('validation', `${name} is not a PMTiles v3 archive (${(error as Error).message})`, 'file');
    }
    if (header.specVersion !== 3) throw new AppError('validation', `${name} is a PMTiles version ${header.specVersion} archive: the box reads version 3`, 'file');
    const info = describe(name, header, metadata);
    return { archive, info, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function describe(name: string, header: Header, metadata: unknown): BasemapInfo {
  if (header.tileType === TileType.Mvt || header.tileType === TileType.Mlt) {
    throw new AppError('validation', `${name} holds vector tiles: vector basemaps need a renderer the box does not ship; give a raster .pmtiles`, 'file');
  }
  const raster = rasterTypes.get(header.tileType);
  if (!raster) throw new AppError('validation', `${name} holds tiles of an unknown kind: give a raster .pmtiles of PNG, JPEG or WebP tiles`, 'file');
  const credit = (metadata as { attribution?: unknown } | null)?.attribution;
  return {
    ...raster, minZoom: header.minZoom, maxZoom: header.maxZoom,
    bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
    center: [header.centerLon, header.centerLat, header.centerZoom],
    // Shown as text by the map: any markup in the file is dropped.
    attribution: typeof credit === 'string' ? credit.replace(/<[^>]*>/g, '').trim().slice(0, 300) : '',
  };
}

/** The basemap in use, reopened when an import or an undo puts another file in its place. */
class CurrentBasemap {
  readonly #path: string;
  #open: { key: string; ready: Promise<OpenArchive> } | null = null;
  constructor(path: string) {
    this.#path = path;
  }

  async get(): Promise<{ key: string; open: OpenArchive } | null> {
    let stats: Stats;
    try {
      stats = await fs.stat(this.#path);
    } catch {
      this.#replace(null);
      return null;
    }
    const key = `${stats.ino.toString(36)}-${stats.size.toString(36)}-${Math.round(stats.mtimeMs).toString(36)}`;
    if (this.#open?.key !== key) this.#replace({ key, ready: openArchive(this.#path, 'The basemap') });
    return { key, open: await this.#open!.ready };
  }

  #replace(next: { key: string; ready: Promise<OpenArchive> } | null) {
    const previous = this.#open;
    this.#open = next;
    previous?.ready.then((open) => open.close(), () => undefined);
  }
}

// Tiles are addressed with the file's identity (?v=), so a replaced basemap is never read from a cache.
const TILE_CACHE = 'public, max-age=604800, immutable';

const coordinate = (value: string, max: number) => (/^\d{1,8}$/.test(value) && Number(value) <= max ? Number(value) : null);

export function basemapTiles(deps: { config: Pick<Config, 'dataDir'> }) {
  const basemap = new CurrentBasemap(basemapPath(deps.config));
  const routes = new Hono();
  routes.get('/tiles/base.json', async (c) => {
    const current = await basemap.get();
    // No basemap is an answer, not an error: every map of every page asks (and a 404 reads as a broken page).
    if (!current) return c.body(null, 204, { 'Cache-Control': 'no-cache' });
    const { info } = current.open;
    return c.json({
      tilejson: '3.0.0', name: 'basemap', format: info.format, tiles: [`/tiles/base/{z}/{x}/{y}?v=${current.key}`],
      minzoom: info.minZoom, maxzoom: info.maxZoom, bounds: info.bounds, center: info.center, attribution: info.attribution,
    }, 200, { 'Cache-Control': 'no-cache' });
  });
  routes.get('/tiles/base/:z/:x/:y', async (c) => {
    const z = coordinate(c.req.param('z'), 26);
    const x = z === null ? null : coordinate(c.req.param('x'), 2 ** z - 1);
    const y = z === null ? null : coordinate(c.req.param('y'), 2 ** z - 1);
    if (z === null || x === null || y === null) return c.text('No such tile', 404);
    const current = await basemap.get();
    if (!current) return c.text('This box has no basemap', 404);
    const tile = await current.open.archive.getZxy(z, x, y);
    if (!tile) return c.body(null, 204, { 'Cache-Control': TILE_CACHE });
    return c.body(new Uint8Array(tile.data), 200, { 'Content-Type': current.open.info.contentType, 'Cache-Control': TILE_CACHE });
  });
  return routes;
}
