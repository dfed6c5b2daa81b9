// The agenda: occurrences of events, attendance, changes to one occurrence, iCalendar feeds and imports.
import { eventsQuerySchema } from '../agenda/params.ts';
import { attendanceSchema, moveSchema, occurrenceSchema } from '../agenda/api.ts';
import { feedQuery, icsTextSchema } from '../agenda/ical/api.ts';
import { id, json, queryOf, responses, schema, tagged, textParam, type Paths } from './describe.ts';

const icsImport = {
  required: true,
  content: { 'text/calendar': { schema: { type: 'string', description: 'The .ics file, in any encoding (at most 10 MB)' } }, 'application/json': { schema: schema(icsTextSchema) } },
};

export const agendaPaths = (): Paths => tagged('Agenda', {
  '/api/v1/events': {
    get: { summary: 'Occurrences of visible events in a window (from: default today; to: default a month later; at most 366 days), series expanded, soonest first',
      parameters: queryOf(eventsQuerySchema), responses: responses('{ from, to, items, total, nextCursor }') },
  },
  '/api/v1/events/{id}/attendance': {
    get: { summary: 'Going / interested / waiting counts, capacity, and my status', parameters: id, responses: responses('Attendance') },
    put: { summary: 'I go (a waiting list beyond the capacity) or am interested', parameters: id, requestBody: json(attendanceSchema), responses: responses('Attendance') },
    delete: { summary: 'I no longer go: the first waiting person moves up', parameters: id, responses: responses('Done', '204') },
  },
  '/api/v1/events/{id}/occurrences/cancel': { post: { summary: 'Cancel one occurrence of a recurring event (its admins)', parameters: id, requestBody: json(occurrenceSchema), responses: responses('Done', '204') } },
  '/api/v1/events/{id}/occurrences/move': { post: { summary: 'Move one occurrence (its admins); without endsAt it keeps its duration', parameters: id, requestBody: json(moveSchema), responses: responses('Done', '204') } },
  '/api/v1/events/{id}/occurrences/restore': { post: { summary: 'Put a cancelled or moved occurrence back', parameters: id, requestBody: json(occurrenceSchema), responses: responses('Done', '204') } },
  '/api/v1/agenda.ics': {
    get: { summary: 'iCalendar feed of the events the viewer may see, filtered by zones (comma-separated), tag, type or element', parameters: queryOf(feedQuery), responses: responses('text/calendar stream') },
  },
  '/api/v1/elements/{id}/agenda.ics': {
    get: { summary: "iCalendar feed of one element's agenda", parameters: id, responses: responses('text/calendar stream') },
    post: { summary: "Import an .ics into the element's agenda (its admins); ?dryRun=1 previews without writing",
      parameters: [...id, { name: 'dryRun', in: 'query', schema: { enum: ['1', 'true'] } }], requestBody: icsImport, responses: responses('{ dryRun, created, updated, skipped, items }') },
  },
  '/api/v1/feeds/{token}/agenda.ics': {
    get: { summary: 'My personal feed, with what only I may see: the secret in the address is the only credential',
      parameters: [textParam('token', 'The secret made by POST /api/v1/me/calendar-feed')], responses: responses('text/calendar stream') },
  },
  '/api/v1/me/calendar-feed': {
    post: { summary: 'Make (or renew, revoking the old one) the address of my personal feed', responses: responses('{ url, webcal }', '201') },
    delete: { summary: 'Revoke the address of my personal feed', responses: responses('Revoked', '204') },
  },
});
