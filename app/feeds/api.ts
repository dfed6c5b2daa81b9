// JSON API of the feeds: /api/v1/live (the territory's public feed) and /api/v1/feed (the signed-in person's).
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { liveFeed, liveQuerySchema } from './live.ts';
import { personalFeed } from './personal.ts';
import { postPageSchema } from '../posts/api.ts';


export function feedsApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/live', (c) => c.json(liveFeed(deps, c.get('viewer'), parse(liveQuerySchema, c.req.query(), c.get('locale')))));

  api.get('/feed', (c) => {
    const { cursor, limit } = parse(postPageSchema, c.req.query(), c.get('locale'));
    return c.json(personalFeed(deps, c.get('viewer'), cursor, limit));
  });

  return api;
}
