// Map figures: cluster views (whole territory, one commune) and the bytes of a phone's first map view.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZonesIfStale } from '../../app/zones/build/build-if-stale.ts';
import type { Target } from './load.ts';

export const clusterViews = [
  { name: 'whole territory (zoom 9)', path: '/api/v1/map/clusters?bbox=4.6,44.2,5.6,44.9&zoom=9' },
  { name: 'one commune (zoom 14)', path: '/api/v1/map/clusters?bbox=5.03,44.50,5.09,44.55&zoom=14' },
];

export const clusterTarget = (path: string) => (): Target => ({ path, category: 'map' });

/** Bytes a phone downloads for its first map view: the page, its CSS and scripts, the first clusters. */
export async function firstMapViewBytes(port: number): Promise<{ total: number; parts: Record<string, number> }> {
  const base = `http://127.0.0.1:${port}`;
  const paths = ['/map', '/assets/copi.css', '/assets/build/leaflet/leaflet.css', '/assets/build/leaflet/leaflet.js',
    '/assets/map-search.js', '/assets/icon.svg', clusterViews[0].path];
  const parts: Record<string, number> = {};
  for (const path of paths) {
    const response = await fetch(base + path);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    parts[path] = (await response.arrayBuffer()).byteLength;
  }
  return { total: Object.values(parts).reduce((sum, bytes) => sum + bytes, 0), parts };
}

/** A fresh build of the zone database of all France, in a temporary folder: time and size. */
export function zoneDatabaseBuild(): { seconds: number; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'copi-zones-'));
  try {
    const started = performance.now();
    buildZonesIfStale({ dir, force: true });
    return { seconds: (performance.now() - started) / 1000, bytes: statSync(join(dir, 'zones.db')).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
