// JSON API of the module toggles: GET /api/v1/modules (anyone: which modules this box offers),
// PUT /api/v1/modules { off: [...] } (box admins).
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import { moduleStates, setModulesOff } from './actions.ts';

export function modulesApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  api.get('/modules', (c) => c.json({ modules: moduleStates(deps) }));
  api.put('/modules', async (c) => c.json({ modules: setModulesOff(deps, c.get('viewer'), await readJson(c), c.get('locale')) }));
  return api;
}
