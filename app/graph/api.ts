// JSON API for the network view: GET /api/v1/elements/:id/graph?hops=1|2.
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { readElement } from '../elements/actions.ts';
import { elementGraph } from './graph.ts';

export const graphQuery = z.object({ hops: z.enum(['1', '2']).default('2').transform((hops) => (hops === '1' ? 1 : 2) as 1 | 2) }).strict();

export function graphApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/elements/:id/graph', (c) => {
    const { hops } = parse(graphQuery, c.req.query(), c.get('locale'));
    const element = readElement(deps, c.get('viewer'), c.req.param('id'));
    if (!element) throw notFound('Element');
    return c.json(elementGraph(deps.db, c.get('viewer'), element, hops));
  });

  return api;
}
