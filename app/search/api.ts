// GET /api/v1/search: results, facets and the total count.
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { toSearchQuery } from './params.ts';
import { search } from './search.ts';
import { matchingZones } from './zones.ts';

export function searchApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  api.get('/search', (c) => {
    const query = toSearchQuery(deps.zones, c.req.query(), c.get('locale'));
    const result = search(deps.db, c.get('viewer'), query);
    return c.json({
      zones: matchingZones(deps, query.q),
      items: result.items, total: result.total, facets: result.facets,
      nextCursor: result.nextOffset === null ? null : String(result.nextOffset),
    });
  });
  return api;
}
