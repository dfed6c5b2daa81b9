// JSON API of in-box messages: /api/v1/messages (not behind a module's gate: several modules use them).
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { signedIn } from '../permissions/visibility.ts';
import { contactAbout, myConversations, myUnreadCount, openConversation, reply } from './actions.ts';

export const listQuerySchema = z.object({ page: z.coerce.number().int().min(0).max(100_000).default(0) }).strict();
export const newConversationSchema = z.object({ elementId: z.uuid('Unknown element'), body: z.unknown() }).strict();
const replyBodySchema = z.object({ body: z.unknown() }).strict();

export function messagesApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/messages', (c) => {
    const viewer = signedIn(c.get('viewer'));
    const { page } = parse(listQuerySchema, c.req.query(), c.get('locale'));
    const list = myConversations(deps, viewer, page);
    return c.json({ items: list.items, unread: myUnreadCount(deps, viewer), nextPage: list.more ? page + 1 : null });
  });

  /** Starts a conversation with the admins of an element (or adds to the one the sender started about it). */
  api.post('/messages', async (c) => {
    const input = parse(newConversationSchema, await readJson(c), c.get('locale'));
    return c.json(contactAbout(deps, c.get('viewer'), input.elementId, input.body, c.get('locale')), 201);
  });

  api.get('/messages/:id', (c) => {
    const conversation = openConversation(deps, c.get('viewer'), c.req.param('id'));
    if (!conversation) throw notFound('Conversation');
    return c.json(conversation);
  });

  api.post('/messages/:id', async (c) => {
    const input = parse(replyBodySchema, await readJson(c), c.get('locale'));
    return c.json(reply(deps, c.get('viewer'), c.req.param('id'), input.body, c.get('locale')), 201);
  });

  return api;
}
