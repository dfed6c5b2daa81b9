// GET /search/v1?q=…&limit=…: a peer's "search further" (PROTOCOL.md), signed like /sync/v1 (app/sync/http.ts).
// Answers this box's own public elements matching the words: { box: { boxId, name }, results: [cards] }.
import { Hono } from 'hono';
import { z } from 'zod';
import { parse } from '../core/validation.ts';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { maxQueryLength } from '../search/query.ts';
import { callingPeer } from './auth.ts';
import { furtherLimit, ownMatches } from './further.ts';

const querySchema = z.object({
  q: z.string().trim().min(1, 'A search needs words').max(maxQueryLength),
  limit: z.coerce.number().int().min(1).max(furtherLimit.max).default(furtherLimit.default),
});

export function furtherRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/search/v1', (c) => {
    const url = new URL(c.req.url);
    const peer = callingPeer(deps.db, deps.box.boxId, { method: c.req.method, pathAndQuery: url.pathname + url.search, header: (name) => c.req.header(name) });
    const { q, limit } = parse(querySchema, c.req.query());
    return c.json(ownMatches(deps, peer, q, limit));
  });
  return app;
}
