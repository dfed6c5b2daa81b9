// JSON API for mutual aid: /api/v1/aid… (behind the module's gate: 404 while 'aid' is turned off).
import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import { deleteElement, withoutMembersOnlyFields } from '../elements/actions.ts';
import type { StoredMatch } from './model.ts';
import {
  aidMatches, dismissAidMatch, editAid, listAidEntries, postAid, readAid, renewAid, setFulfilled,
} from './actions.ts';

const matchJson = (match: StoredMatch) => ({ ...match, entry: withoutMembersOnlyFields(match.entry) });

export function aidApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  /** ?kind=need|offer&category=…&zone=commune:26056&closed=1&cursor=… */
  api.get('/aid', (c) => {
    const page = listAidEntries(deps, c.get('viewer'), c.req.query(), c.get('locale'), 50);
    return c.json({ items: page.items.map(withoutMembersOnlyFields), nextCursor: page.nextCursor });
  });

  /** Posts a need or an offer: 201 with the entry and the matches proposed (their authors were told). */
  api.post('/aid', async (c) => c.json(postAid(deps, c.get('viewer'), await readJson(c), c.get('locale')), 201));

  api.get('/aid/:id', (c) => {
    const entry = readAid(deps, c.get('viewer'), c.req.param('id'));
    if (!entry) throw notFound('Element');
    return c.json(entry);
  });

  api.patch('/aid/:id', async (c) => c.json(editAid(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.delete('/aid/:id', (c) => {
    if (!readAid(deps, c.get('viewer'), c.req.param('id'))) throw notFound('Element');
    deleteElement(deps, c.get('viewer'), c.req.param('id'));
    return c.body(null, 204);
  });

  api.get('/aid/:id/matches', (c) => c.json({ items: aidMatches(deps, c.get('viewer'), c.req.param('id')).map(matchJson) }));

  api.post('/aid/:id/matches/:otherId/dismiss', (c) => {
    dismissAidMatch(deps, c.get('viewer'), c.req.param('id'), c.req.param('otherId'));
    return c.body(null, 204);
  });

  api.post('/aid/:id/close', (c) => c.json(setFulfilled(deps, c.get('viewer'), c.req.param('id'), true)));
  api.post('/aid/:id/reopen', (c) => c.json(setFulfilled(deps, c.get('viewer'), c.req.param('id'), false)));
  api.post('/aid/:id/renew', (c) => c.json(renewAid(deps, c.get('viewer'), c.req.param('id'))));

  return api;
}
