// JSON API for notifications: /api/v1/notifications…
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { markNotificationsRead, notificationSettings, notificationsPage, saveNotificationSettings } from './actions.ts';
import type { Reader } from './message.ts';

const listQuery = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
}).strict();

export const readerOf = (deps: Deps, c: Ctx): Reader => ({ t: c.get('t'), locale: c.get('locale'), timezone: deps.box.timezone });

export function notificationsApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/notifications', (c) => {
    const { cursor, limit } = parse(listQuery, c.req.query(), c.get('locale'));
    return c.json(notificationsPage(deps, c.get('viewer'), readerOf(deps, c), cursor ?? null, limit));
  });

  api.post('/notifications/read', async (c) =>
    c.json({ unread: markNotificationsRead(deps, c.get('viewer'), await readJson(c), c.get('locale')) }));

  api.get('/notifications/settings', (c) => c.json(notificationSettings(deps, c.get('viewer'))));

  api.put('/notifications/settings', async (c) =>
    c.json(saveNotificationSettings(deps, c.get('viewer'), await readJson(c), c.get('locale'))));

  return api;
}
