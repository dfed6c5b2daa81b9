// GET /tiles/zones/:z/:x/:y — the zone outlines and names precomputed in zones.db (zone_tiles), or
// redrawn on this box after an outline import (zone_tiles_local, app/zones/local-outlines.ts), answered
// as stored: gzip-compressed JSON tiles that app/web/public/zone-tiles.js draws.
import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { sql, type Db } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';

const MAX_ZOOM = 14;
// Tiles change with a new zones.db (a release) or an import of outlines: phones keep them five minutes.
const CACHE_CONTROL = 'public, max-age=300';

/** The stored tile (gzip-compressed JSON), or null where the zones draw nothing; one redrawn on this box first. */
export function zoneTile(db: Db, z: number, x: number, y: number): Buffer | null {
  const local = sql(db, 'SELECT data FROM zone_tiles_local WHERE z = ? AND x = ? AND y = ?').get(z, x, y) as { data: Buffer } | undefined;
  // An empty local tile: the redrawing left nothing there.
  if (local) return local.data.length > 0 ? local.data : null;
  const row = sql(db, 'SELECT data FROM zones.zone_tiles WHERE z = ? AND x = ? AND y = ?').get(z, x, y) as { data: Buffer } | undefined;
  return row?.data ?? null;
}

// An address outside the tile pyramid (z above 14, x or y past 2^z - 1, not an integer) names no
// tile at all: 404, as for any other unknown page.
function tileCoordinate(value: string, max: number): number {
  const number = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(number <= max)) throw notFound('Page');
  return number;
}

export function zoneTiles(deps: Deps) {
  const routes = new Hono<AppEnv>();
  routes.get('/tiles/zones/:z/:x/:y', (c) => {
    const z = tileCoordinate(c.req.param('z'), MAX_ZOOM);
    const x = tileCoordinate(c.req.param('x'), 2 ** z - 1);
    const y = tileCoordinate(c.req.param('y'), 2 ** z - 1);
    const data = zoneTile(deps.db, z, x, y);
    if (!data) return c.body(null, 204, { 'Cache-Control': CACHE_CONTROL });
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      'Cache-Control': CACHE_CONTROL,
    });
  });
  return routes;
}
