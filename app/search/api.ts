// GET /api/v1/search: results, facets and the total count; with further=1, also the answers of the peer boxes.
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { searchFurther } from '../sync/further.ts';
import { toSearchQuery } from './params.ts';
import { search } from './search.ts';
import { matchingZones } from './zones.ts';

export function searchApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  api.get('/search', async (c) => {
    const { further, ...input } = c.req.query();
    const query = toSearchQuery(deps.zones, input, c.get('locale'));
    const result = search(deps.db, c.get('viewer'), query);
    return c.json({
      zones: matchingZones(deps, query.q),
      items: result.items, total: result.total, facets: result.facets,
      nextCursor: result.nextOffset === null ? null : String(result.nextOffset),
      ...(further === '1' ? { further: query.q ? await searchFurther(deps, query.q) : { results: [], peers: [] } } : {}),
    });
  });
  return api;
}
