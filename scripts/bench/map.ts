// Map figures: cluster views (whole territory, one commune) and the bytes of a phone's first map view.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { buildZonesIfStale } from '../../app/zones/build/build-if-stale.ts';
import type { Target } from './load.ts';
import { openDatabase } from '../../app/core/db/database.ts';

function tileFigures(zoneDbPath: string): ZoneBuildFigures['tiles'] {
  const db = openDatabase(zoneDbPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT z, count(*) AS count, sum(length(data)) AS bytes FROM zone_tiles GROUP BY z ORDER BY z').all() as
      { z: number; count: number; bytes: number }[];
    return {
      count: rows.reduce((sum, row) => sum + row.count, 0),
      bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
      byZoom: Object.fromEntries(rows.map((row) => [row.z, { count: row.count, bytes: row.bytes }])),
    };
  } finally {
    db.close();
  }
}

export const clusterViews = [
  { name: 'whole territory (zoom 9)', path: '/api/v1/map/clusters?bbox=4.6,44.2,5.6,44.9&zoom=9' },
  { name: 'one commune (zoom 14)', path: '/api/v1/map/clusters?bbox=5.03,44.50,5.09,44.55&zoom=14' },
];

export const clusterTarget = (path: string) => (): Target => ({ path, category: 'map' });

/** Bytes on the wire of one GET from a browser that accepts gzip (as every phone's does); 204 counts as 0. */
function wireBytes(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': 'gzip' } }, (response) => {
      if ((response.statusCode ?? 500) >= 300) reject(new Error(`GET ${path} answered ${response.statusCode}`));
      let bytes = 0;
      response.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      response.on('end', () => resolve(bytes));
    }).on('error', reject);
  });
}

/** The zone tiles a phone's map loads for the territory's first view (zoom 10, a 400 × 700 px screen). */
function firstViewTiles(): string[] {
  const zoom = 10;
  const tileX = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** zoom);
  const tileY = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** zoom);
  const [west, south, east, north] = [4.88, 44.42, 5.26, 44.64]; // the demo territory
  const paths: string[] = [];
  for (let x = tileX(west); x <= tileX(east); x++) for (let y = tileY(north); y <= tileY(south); y++) paths.push(`/tiles/zones/${zoom}/${x}/${y}`);
  return paths;
}

/** Bytes a phone downloads for its first map view: the page, its CSS and scripts, the zone tiles, the first clusters. */
export async function firstMapViewBytes(port: number): Promise<{ total: number; parts: Record<string, number> }> {
  const paths = ['/map', '/assets/copi.css', '/assets/build/leaflet/leaflet.css', '/assets/build/leaflet/leaflet.js',
    '/assets/zone-tiles.js', '/assets/map-search.js', '/assets/icon.svg', ...firstViewTiles(), clusterViews[0].path];
  const parts: Record<string, number> = {};
  for (const path of paths) parts[path] = await wireBytes(port, path);
  return { total: Object.values(parts).reduce((sum, bytes) => sum + bytes, 0), parts };
}

export interface ZoneBuildFigures {
  seconds: number;
  bytes: number;
  /** The precomputed zone tiles inside it: count and gzip bytes, per zoom. */
  tiles: { count: number; bytes: number; byZoom: Record<number, { count: number; bytes: number }> };
}

/** A fresh build of the zone database of all France, in a temporary folder: time, size, and its zone tiles. */
export function zoneDatabaseBuild(): ZoneBuildFigures {
  const dir = mkdtempSync(join(tmpdir(), 'copi-zones-'));
  try {
    const started = performance.now();
    buildZonesIfStale({ dir, force: true });
    const seconds = (performance.now() - started) / 1000;
    const path = join(dir, 'zones.db');
    return { seconds, bytes: statSync(path).size, tiles: tileFigures(path) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
