// JSON API for reports and moderation: /api/v1/reports, /api/v1/moderation.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { decide, moderationQueue, reportContent } from './actions.ts';
import { decisions, targetTypes } from './model.ts';

const decisionParams = z.object({ type: z.enum(targetTypes), id: z.uuid(), decision: z.enum(decisions) });

export function moderationApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  /** Body: { target: "post:<id>" | "comment:<id>", reason, details? }. */
  api.post('/reports', async (c) => c.json(reportContent(deps, c.get('viewer'), await readJson(c), c.get('locale')), 201));

  /** What waits for the viewer's decision, and what they may restore. */
  api.get('/moderation', (c) => c.json(moderationQueue(deps, c.get('viewer'))));

  /** hide | keep | restore a post or a comment. */
  api.post('/moderation/:type/:id/:decision', (c) => {
    const { type, id, decision } = parse(decisionParams, c.req.param(), c.get('locale'));
    return c.json(decide(deps, c.get('viewer'), { type, id }, decision));
  });

  return api;
}
