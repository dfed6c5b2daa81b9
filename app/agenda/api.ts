// JSON API of the agenda: /api/v1/events (occurrences of a window), attendance, and one occurrence
// cancelled or moved.
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import { nowMs } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { signedIn } from '../permissions/visibility.ts';
import { readElement } from '../elements/actions.ts';
import { findElementBySlug } from '../elements/storage.ts';
import { eventOccurrences, type AgendaFilters } from './events.ts';
import { eventsQuerySchema, queryInput, windowOf, type EventsQuery } from './params.ts';
import { attendanceAt, leaveAttendance, setAttendance } from './attendance.ts';
import { cancelOccurrence, moveOccurrence, restoreOccurrence } from './occurrences.ts';

const instant = z.iso.datetime({ offset: true });
export const attendanceSchema = z.object({ status: z.enum(['going', 'interested']), occurrence: instant.optional() }).strict();
export const occurrenceSchema = z.object({ originalStart: instant }).strict();
export const moveSchema = z.object({ originalStart: instant, startsAt: instant, endsAt: instant.nullable().optional() }).strict();

/** The filters of an agenda query, with its element found by id or slug (a 404 when the viewer may not see it). */
export function filtersOf(deps: Deps, c: Ctx, query: EventsQuery): AgendaFilters {
  const viewer = c.get('viewer');
  let element: string | undefined;
  if (query.element) {
    const id = findElementBySlug(deps.db, query.element)?.id ?? query.element;
    const found = readElement(deps, viewer, id);
    if (!found) throw notFound('Element');
    element = found.id;
  }
  return {
    zones: query.zone, tag: query.tag, kind: query.type, element, boxTimezone: deps.box.timezone,
    person: query.mine === '1' ? signedIn(viewer).personId : undefined,
  };
}

export function agendaApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/events', (c) => {
    const query = parse(eventsQuerySchema, queryInput(c.req.query(), c.req.queries('zone')), c.get('locale'));
    const window = windowOf(query, deps.box.timezone, nowMs());
    // Paged without a cap: every occurrence of the window, `limit` at a time, soonest first.
    const offset = query.cursor ? Number(query.cursor) : 0;
    const { occurrences, total } = eventOccurrences(deps.db, c.get('viewer'), window, { ...filtersOf(deps, c, query), offset, limit: query.limit });
    const next = offset + occurrences.length < total ? String(offset + occurrences.length) : null;
    return c.json({ from: window.from.toISOString(), to: window.to.toISOString(), items: occurrences, total, nextCursor: next });
  });

  api.get('/events/:id/attendance', (c) => {
    return c.json(attendanceAt(deps.db, c.get('viewer'), c.req.param('id'), c.req.query('occurrence'), deps.box.timezone));
  });

  api.put('/events/:id/attendance', async (c) => {
    const { status, occurrence } = parse(attendanceSchema, await readJson(c), c.get('locale'));
    const id = c.req.param('id');
    setAttendance(deps.db, c.get('viewer'), id, status, occurrence, deps.box.timezone);
    return c.json(attendanceAt(deps.db, c.get('viewer'), id, occurrence, deps.box.timezone));
  });

  api.delete('/events/:id/attendance', (c) => {
    leaveAttendance(deps.db, c.get('viewer'), c.req.param('id'), c.req.query('occurrence'), deps.box.timezone);
    return c.body(null, 204);
  });

  api.post('/events/:id/occurrences/cancel', async (c) => {
    const { originalStart } = parse(occurrenceSchema, await readJson(c), c.get('locale'));
    cancelOccurrence(deps.db, c.get('viewer'), c.req.param('id'), originalStart, deps.box.timezone);
    return c.body(null, 204);
  });

  api.post('/events/:id/occurrences/move', async (c) => {
    const move = parse(moveSchema, await readJson(c), c.get('locale'));
    moveOccurrence(deps.db, c.get('viewer'), c.req.param('id'), move.originalStart, { startsAt: move.startsAt, endsAt: move.endsAt ?? null }, deps.box.timezone);
    return c.body(null, 204);
  });

  api.post('/events/:id/occurrences/restore', async (c) => {
    const { originalStart } = parse(occurrenceSchema, await readJson(c), c.get('locale'));
    restoreOccurrence(deps.db, c.get('viewer'), c.req.param('id'), originalStart, deps.box.timezone);
    return c.body(null, 204);
  });

  return api;
}
