// JSON API of network maps: /api/v1/maps (list, create), /api/v1/maps/:idOrSlug (read with its public
// elements, update, delete).
import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import { allMaps, coloursOf, createMap, deleteMap, readMap, updateMap } from './actions.ts';
import type { NetworkMap } from './model.ts';

const mapJson = (map: NetworkMap) => ({
  ...map, colours: coloursOf(map), url: `/maps/${map.slug}`, embedUrl: `/embed/map/${map.slug}`,
});

export function netmapsApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/maps', (c) => c.json({ items: allMaps(deps).map(mapJson) }));

  api.post('/maps', async (c) => {
    const map = createMap(deps, c.get('viewer'), await readJson(c), c.get('locale'));
    return c.json(mapJson(map), 201);
  });

  api.get('/maps/:key', (c) => {
    const view = readMap(deps, c.get('viewer'), c.req.param('key'));
    if (!view) throw notFound('Map');
    return c.json({ ...mapJson(view.map), points: view.points, more: view.more, canEdit: view.canEdit });
  });

  api.patch('/maps/:key', async (c) => {
    const map = updateMap(deps, c.get('viewer'), c.req.param('key'), await readJson(c), c.get('locale'));
    return c.json(mapJson(map));
  });

  api.delete('/maps/:key', (c) => {
    deleteMap(deps, c.get('viewer'), c.req.param('key'));
    return c.body(null, 204);
  });

  return api;
}
