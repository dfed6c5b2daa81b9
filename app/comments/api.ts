// JSON API for comments: /api/v1/comments?subject=post:<id>|element:<id>, /api/v1/comments/:id.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { addComment, deleteComment, editComment, readThread } from './actions.ts';
import { subjectKey, subjectRefSchema } from './model.ts';

export const subjectQuerySchema = z.object({ subject: subjectRefSchema }).strict();

export function commentsApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  /** The thread, flat and oldest first: `parentId` links a reply to the comment it answers. */
  api.get('/comments', (c) => {
    const { subject } = parse(subjectQuerySchema, c.req.query(), c.get('locale'));
    const thread = readThread(deps, c.get('viewer'), subject);
    return c.json({ subject: subjectKey(subject), count: thread.count, items: thread.comments });
  });

  api.post('/comments', async (c) => {
    const { subject } = parse(subjectQuerySchema, c.req.query(), c.get('locale'));
    return c.json(addComment(deps, c.get('viewer'), subject, await readJson(c), c.get('locale')), 201);
  });

  api.patch('/comments/:id', async (c) => c.json(editComment(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.delete('/comments/:id', (c) => {
    deleteComment(deps, c.get('viewer'), c.req.param('id'));
    return c.body(null, 204);
  });

  return api;
}
