// JSON API for posts: /api/v1/elements/:id/posts, /api/v1/posts/:id, and /api/v1/mentions for type-ahead.
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { accessTo } from '../permissions/visibility.ts';
import { createPost, deletePost, readPost, updatePost, wallPosts } from './actions.ts';
import { mentionSuggestions } from './mentions.ts';

export const postPageSchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
}).strict();

const mentionQuery = z.object({ q: z.string().max(40) }).strict();

export function postsApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/elements/:id/posts', (c) => {
    const { cursor, limit } = parse(postPageSchema, c.req.query(), c.get('locale'));
    if (!accessTo(deps.db, c.get('viewer'), c.req.param('id')).canSee) throw notFound('Element');
    return c.json(wallPosts(deps, c.get('viewer'), c.req.param('id'), cursor, limit));
  });

  api.post('/elements/:id/posts', async (c) => {
    const post = createPost(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'));
    return c.json(readPost(deps, c.get('viewer'), post.id), 201);
  });

  api.get('/posts/:id', (c) => {
    const post = readPost(deps, c.get('viewer'), c.req.param('id'));
    if (!post) throw notFound('Post');
    return c.json(post);
  });

  api.patch('/posts/:id', async (c) => {
    const post = updatePost(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'));
    return c.json(readPost(deps, c.get('viewer'), post.id));
  });

  api.delete('/posts/:id', (c) => {
    deletePost(deps, c.get('viewer'), c.req.param('id'));
    return c.body(null, 204);
  });

  api.get('/mentions', (c) => {
    const { q } = parse(mentionQuery, c.req.query(), c.get('locale'));
    return c.json({ items: mentionSuggestions(deps.db, c.get('viewer'), q) });
  });

  return api;
}
