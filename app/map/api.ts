// GET /api/v1/map/clusters?bbox=west,south,east,north&zoom=&<search params>
import { boxName } from '../sync/further.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../core/http/env.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { toSearchQuery } from '../search/params.ts';
import { clusters } from './clusters.ts';

export const viewSchema = z.object({
  bbox: z.string().transform((value, ctx) => {
    const parts = value.split(',').map(Number);
    const [west, south, east, north] = parts;
    const valid = parts.length === 4 && parts.every(Number.isFinite) && west >= -180 && east <= 180 && south >= -90 && north <= 90;
    if (!valid) ctx.addIssue({ code: 'custom', message: 'bbox is west,south,east,north in degrees' });
    else if (west >= east || south >= north) ctx.addIssue({ code: 'custom', message: 'bbox is inverted: west must be below east and south below north' });
    return { west, south, east, north };
  }),
  zoom: z.coerce.number().int().min(0).max(19, 'zoom is 0 to 19'),
});

export function mapApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  api.get('/map/clusters', (c) => {
    const { bbox: rawBbox, zoom: rawZoom, ...rest } = c.req.query();
    const view = parse(viewSchema, { bbox: rawBbox ?? '', zoom: rawZoom ?? '' }, c.get('locale'));
    const query = toSearchQuery(deps.zones, rest, c.get('locale'));
    return c.json(clusters(deps.db, c.get('viewer'), { ...query, offset: 0 }, view.bbox, view.zoom, (origin) => (origin === deps.box.boxId ? null : boxName(deps.db, origin))));
  });
  return api;
}
