// iCalendar over HTTP: the feeds (public view, an element's agenda, a person's own secret feed), the
// import of an .ics into an element's agenda, and the personal feed address (make, renew, revoke).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors.ts';
import type { AppEnv, Ctx } from '../../core/http/env.ts';
import { readJson } from '../../core/http/input.ts';
import { parse } from '../../core/validation.ts';
import type { Deps } from '../../deps.ts';
import { signedIn, type Viewer } from '../../permissions/visibility.ts';
import { findAccount, toViewer } from '../../accounts/storage.ts';
import { readElement } from '../../elements/actions.ts';
import { feedLines, linesStream, type FeedFilters } from './feed.ts';
import { importIcs } from './import.ts';
import { maxIcsBytes } from './decode.ts';
import { personForFeedToken, renewFeedToken, revokeFeedToken } from './storage.ts';

/** Upload paths that read their own, larger body (an .ics up to 10 MB): the app's 1 MB limit skips them. */
export const isIcsUpload = (path: string) => /^\/api\/v1\/elements\/[^/]+\/agenda\.ics$/.test(path) || /^\/e\/[^/]+\/agenda\/import$/.test(path);

/** Multipart overhead (boundaries, the CSRF field) on top of the file itself. */
export const icsUploadLimit = (onError: (c: Ctx) => Response | Promise<Response>) =>
  bodyLimit({ maxSize: maxIcsBytes + 64 * 1024, onError: (c) => onError(c as Ctx) });

export const feedQuery = z.object({
  zone: z.string().max(400).optional(),
  tag: z.string().max(40).optional(),
  type: z.string().max(40).optional(),
  element: z.string().max(80).optional(),
});

/** An import sent as JSON: the calendar's text. */
export const icsTextSchema = z.object({ text: z.string().min(1, 'Give the calendar text') }).strict();

/** Response of a feed: streamed, never built as one string. */
export function sendFeed(c: Ctx, deps: Deps, viewer: Viewer | null, filters: FeedFilters, name: string, filename: string) {
  c.header('content-type', 'text/calendar; charset=utf-8');
  c.header('content-disposition', `inline; filename="${filename}"`);
  c.header('cache-control', 'private, no-cache');
  return c.body(linesStream(feedLines(deps, viewer, filters, name)));
}

/** An ASCII file name for a feed. */
export const feedFilename = (base: string) =>
  `${base.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'agenda'}.ics`;

/** `webcal://` address of a feed on the host the visitor reached the box by (the LAN address on the box). */
export const webcalUrl = (c: Ctx, path: string) => `webcal://${new URL(c.req.url).host}${path}`;
export const personalFeedPath = (token: string) => `/api/v1/feeds/${token}/agenda.ics`;

export function icalApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/agenda.ics', (c) => {
    const query = parse(feedQuery, c.req.query(), c.get('locale'));
    const filters: FeedFilters = {
      zones: query.zone ? query.zone.split(',').map((zone) => zone.trim()).filter(Boolean) : undefined,
      tag: query.tag, kind: query.type, element: query.element,
    };
    const element = query.element ? readElement(deps, c.get('viewer'), query.element) : null;
    if (query.element && !element) throw notFound('Element');
    return sendFeed(c, deps, c.get('viewer'), filters, element ? `${element.name} · ${deps.box.name}` : deps.box.name, feedFilename(element?.slug ?? `agenda-${deps.box.name}`));
  });

  api.get('/elements/:id/agenda.ics', (c) => {
    const element = readElement(deps, c.get('viewer'), c.req.param('id'));
    if (!element) throw notFound('Element');
    return sendFeed(c, deps, c.get('viewer'), { element: element.id }, `${element.name} · ${deps.box.name}`, feedFilename(element.slug));
  });

  // A person's own agenda with what only they may see: the secret in the address is the only credential.
  api.get('/feeds/:token/agenda.ics', (c) => {
    const personId = personForFeedToken(deps.db, c.req.param('token'));
    const account = personId ? findAccount(deps.db, personId) : null;
    if (!account) throw notFound('Calendar feed');
    return sendFeed(c, deps, toViewer(account), { person: account.personId }, `${account.username} · ${deps.box.name}`, 'my-agenda.ics');
  });

  // Import: the .ics as the body (text/calendar, any encoding) or JSON { text }. `?dryRun=1` previews.
  const limit = icsUploadLimit(() => { throw new AppError('payload_too_large', 'The calendar file is larger than 10 MB'); });
  api.post('/elements/:id/agenda.ics', limit, async (c) => {
    const type = c.req.header('content-type') ?? '';
    let input: string | Uint8Array;
    if (type.startsWith('application/json')) {
      input = parse(icsTextSchema, await readJson(c), c.get('locale')).text;
    } else if (type.startsWith('text/calendar') || type.startsWith('text/plain') || type.startsWith('application/octet-stream')) {
      input = new Uint8Array(await c.req.arrayBuffer());
    } else {
      throw new AppError('unsupported_media_type', 'Send the calendar as text/calendar, or JSON with a text field');
    }
    const dryRun = ['1', 'true'].includes(c.req.query('dryRun') ?? '');
    const report = importIcs(deps, c.get('viewer'), c.req.param('id'), input, { dryRun, locale: c.get('locale') });
    return c.json(report, 200);
  });

  api.post('/me/calendar-feed', (c) => {
    const viewer = signedIn(c.get('viewer'));
    const token = renewFeedToken(deps.db, viewer.personId);
    const path = personalFeedPath(token);
    return c.json({ url: `${new URL(c.req.url).origin}${path}`, webcal: webcalUrl(c, path) }, 201);
  });

  api.delete('/me/calendar-feed', (c) => {
    const viewer = signedIn(c.get('viewer'));
    revokeFeedToken(deps.db, viewer.personId);
    return c.body(null, 204);
  });

  return api;
}
