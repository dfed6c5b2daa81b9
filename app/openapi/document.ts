// The API's OpenAPI 3.1 description, generated from the same zod schemas that validate requests.
import { z } from 'zod';
import { createElementSchema, updateElementSchema } from '../elements/model.ts';
import { listQuerySchema } from '../elements/api.ts';
import { memberChangeSchema } from '../links/api.ts';
import { searchParamsSchema } from '../search/params.ts';
import { customZoneSchema } from '../zones/custom.ts';
import { eventsQuerySchema } from '../agenda/params.ts';
import { attendanceSchema, moveSchema, occurrenceSchema } from '../agenda/api.ts';
import { loginSchema, registerSchema, tokenNameSchema } from '../accounts/actions.ts';
import { readSchema, settingsSchema } from '../notifications/actions.ts';
import { newPostSchema, postPatchSchema } from '../posts/model.ts';
import { postPageSchema } from '../posts/api.ts';
import { liveQuerySchema } from '../feeds/live.ts';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const responses = (ok: string, code = '200') => ({ [code]: { description: ok }, '4XX': error });
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const queryOf = (s: z.ZodType) => Object.entries((schema(s) as { properties: Record<string, object> }).properties).map(([name, p]) => ({ name, in: 'query', schema: p }));

let cached: object | null = null;

export function openApiDocument(): object {
  cached ??= {
    openapi: '3.1.0',
    info: { title: 'CoPi API', version: '1', description: 'Same permissions as the pages. Errors are { "error": { "code", "message", "field"? } }.' },
    components: {
      securitySchemes: { token: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'copi_session' } },
      schemas: { Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } } } },
    },
    security: [{ token: [] }, { session: [] }, {}],
    paths: {
      '/healthz': { get: { summary: 'Liveness', responses: responses('Alive') } },
      '/readyz': { get: { summary: 'Ready to serve', responses: { 200: { description: 'Ready' }, 503: { description: 'Starting' } } } },
      '/api/v1/elements': {
        get: { summary: 'List visible elements, newest first, by cursor', parameters: Object.entries((schema(listQuerySchema) as { properties: Record<string, object> }).properties)
          .map(([name, s]) => ({ name, in: 'query', schema: s })), responses: responses('{ items, nextCursor }') },
        post: { summary: 'Create an element (you become its admin)', requestBody: json(createElementSchema), responses: responses('Created', '201') },
      },
      '/api/v1/elements/{id}': {
        get: { summary: 'One element', parameters: id, responses: responses('The element') },
        patch: { summary: 'Edit; send `version` (or If-Match) to detect concurrent edits', parameters: id, requestBody: json(updateElementSchema), responses: responses('Updated') },
        delete: { summary: 'Delete (tombstone)', parameters: id, responses: responses('Deleted', '204') },
      },
      '/api/v1/search': {
        get: { summary: 'Unified search: results (ranked by text, then distance), facets and total; no cap, paged by cursor',
          parameters: Object.entries((schema(searchParamsSchema) as { properties: Record<string, object> }).properties)
            .map(([name, s]) => ({ name, in: 'query', schema: s })), responses: responses('{ items, total, facets, nextCursor }') },
      },
      '/api/v1/zones/{id}': { get: { summary: 'A zone (commune:, epci:, dep:, region:, country:FR or custom:): counts per type, sub-zones, first elements', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: responses('Zone summary') } },
      '/api/v1/events': {
        get: { summary: 'Occurrences of visible events in a window (from: default today; to: default a month later; at most 366 days), series expanded, soonest first',
          parameters: Object.entries((schema(eventsQuerySchema) as { properties: Record<string, object> }).properties)
            .map(([name, s]) => ({ name, in: 'query', schema: s })), responses: responses('{ from, to, items, total, nextCursor }') },
      },
      '/api/v1/events/{id}/attendance': {
        get: { summary: 'Going / interested / waiting counts, capacity, and my status', parameters: id, responses: responses('Attendance') },
        put: { summary: 'I go (a waiting list beyond the capacity) or am interested', parameters: id, requestBody: json(attendanceSchema), responses: responses('Attendance') },
        delete: { summary: 'I no longer go: the first waiting person moves up', parameters: id, responses: responses('Done', '204') },
      },
      '/api/v1/events/{id}/occurrences/cancel': { post: { summary: 'Cancel one occurrence of a recurring event (its admins)', parameters: id, requestBody: json(occurrenceSchema), responses: responses('Done', '204') } },
      '/api/v1/events/{id}/occurrences/move': { post: { summary: 'Move one occurrence (its admins); without endsAt it keeps its duration', parameters: id, requestBody: json(moveSchema), responses: responses('Done', '204') } },
      '/api/v1/events/{id}/occurrences/restore': { post: { summary: 'Put a cancelled or moved occurrence back', parameters: id, requestBody: json(occurrenceSchema), responses: responses('Done', '204') } },
      '/api/v1/custom-zones': {
        get: { summary: 'Territories defined on this box', responses: responses('{ items }') },
        post: { summary: 'Define a territory: a union of zones or a polygon (box admin)', requestBody: json(customZoneSchema), responses: responses('Territory', '201') },
      },
      '/api/v1/custom-zones/{id}': { delete: { summary: 'Remove a territory (box admin)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: responses('Removed', '204') } },
      '/api/v1/elements/{id}/links': { get: { summary: 'Links to the element', parameters: id, responses: responses('{ items }') } },
      '/api/v1/elements/{id}/join': { post: { summary: 'Ask to join (attend, for events)', parameters: id, responses: responses('Link', '201') } },
      '/api/v1/elements/{id}/leave': { post: { summary: 'Leave', parameters: id, responses: responses('Left', '204') } },
      '/api/v1/elements/{id}/requests/approve': { post: { summary: 'Approve a join request', parameters: id, requestBody: json(z.object({ personId: z.uuid() })), responses: responses('Link') } },
      '/api/v1/elements/{id}/requests/decline': { post: { summary: 'Decline a join request', parameters: id, requestBody: json(z.object({ personId: z.uuid() })), responses: responses('Declined', '204') } },
      '/api/v1/elements/{id}/members/{personId}': { patch: { summary: 'Make a member admin (or not) and set their free-text roles', parameters: [...id, { name: 'personId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], requestBody: json(memberChangeSchema), responses: responses('Link') } },
      '/api/v1/elements/{id}/invitations': { post: { summary: 'Invite a person ({personId}) or make an invitation link ({})', parameters: id, requestBody: json(z.object({ personId: z.uuid().optional() })), responses: responses('Invitation', '201') } },
      '/api/v1/elements/{id}/invitations/accept': { post: { summary: 'Accept an invitation addressed to me', parameters: id, responses: responses('Link') } },
      '/api/v1/invitations/{token}': { get: { summary: 'What an invitation link leads to', responses: responses('Invitation') } },
      '/api/v1/invitations/{token}/accept': { post: { summary: 'Join through an invitation link', responses: responses('Link') } },
      '/api/v1/elements/{id}/follow': { post: { summary: 'Follow', parameters: id, responses: responses('Link', '201') }, delete: { summary: 'Unfollow', parameters: id, responses: responses('Done', '204') } },
      '/api/v1/elements/{id}/export': { get: { summary: 'One element as JSON with its visible links', parameters: id, responses: responses('Export') } },
      '/api/v1/elements/{id}/graph': { get: { summary: 'The network of the element up to two hops ({ nodes, edges, truncated }), only what the viewer may see', parameters: [...id, { name: 'hops', in: 'query', schema: { enum: ['1', '2'], default: '2' } }], responses: responses('Graph') } },
      '/api/v1/notifications': { get: { summary: 'My notifications, newest first ({ items, nextCursor, unread })', parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string', format: 'uuid' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }], responses: responses('{ items, nextCursor, unread }') } },
      '/api/v1/notifications/read': { post: { summary: 'Mark notifications read: { ids } or { all: true }', requestBody: json(readSchema), responses: responses('{ unread }') } },
      '/api/v1/notifications/settings': { get: { summary: 'The notification kinds, and those I turned off', responses: responses('{ kinds, off }') }, put: { summary: 'Set the kinds I turn off', requestBody: json(settingsSchema), responses: responses('{ kinds, off }') } },
      '/api/v1/elements/{id}/posts': {
        get: { summary: 'Posts of a wall the viewer may read, newest first, by cursor', parameters: [...id, ...queryOf(postPageSchema)], responses: responses('{ items, nextCursor }') },
        post: { summary: 'Post on a wall (your own, or an element you belong to); @slug mentions, #tags, zones of a public post, files of the media library of the wall', parameters: id, requestBody: json(newPostSchema), responses: responses('Post', '201') },
      },
      '/api/v1/posts/{id}': {
        get: { summary: 'One post', parameters: id, responses: responses('Post') },
        patch: { summary: 'Edit a post (its author)', parameters: id, requestBody: json(postPatchSchema), responses: responses('Post') },
        delete: { summary: 'Delete a post (its author, the admins of the wall, box admins)', parameters: id, responses: responses('Deleted', '204') },
      },
      '/api/v1/mentions': { get: { summary: 'Type-ahead for @mentions: at most 8 visible elements by slug or name prefix', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 40 } }], responses: responses('{ items }') } },
      '/api/v1/live': { get: { summary: 'Live feed of a territory: public posts of the zone and new public elements, newest first (by creation), by cursor; upcoming events on the first page', parameters: queryOf(liveQuerySchema), responses: responses('{ zone, tag, type, items, upcoming, nextCursor }') } },
      '/api/v1/feed': { get: { summary: 'My feed: posts of what I follow or belong to, newest first, by cursor', parameters: queryOf(postPageSchema), responses: responses('{ items, nextCursor }') } },
      '/api/v1/auth/register': { post: { summary: 'Register (starts a session)', requestBody: json(registerSchema), responses: responses('Account', '201') } },
      '/api/v1/auth/login': { post: { summary: 'Sign in (rate limited)', requestBody: json(loginSchema), responses: responses('Account') } },
      '/api/v1/auth/logout': { post: { summary: 'Sign out', responses: responses('Done', '204') } },
      '/api/v1/me': { get: { summary: 'Who am I', responses: responses('Viewer') }, delete: { summary: 'Delete my account', requestBody: json(z.object({ password: z.string() })), responses: responses('Deleted', '204') } },
      '/api/v1/me/tokens': { get: { summary: 'My API tokens', responses: responses('{ items }') }, post: { summary: 'New API token (shown once)', requestBody: json(tokenNameSchema), responses: responses('Token', '201') } },
      '/api/v1/me/tokens/{id}': { delete: { summary: 'Revoke a token', parameters: id, responses: responses('Revoked', '204') } },
      '/api/v1/export/me': { get: { summary: 'Everything the box holds about me', responses: responses('Export') } },
      '/api/v1/export/box': { get: { summary: 'Whole box as JSON lines (box admin)', responses: responses('application/x-ndjson stream') } },
      '/api/v1/admin/reset-links': { post: { summary: 'One-time password reset link (box admin)', requestBody: json(z.object({ personId: z.uuid() })), responses: responses('{ url }', '201') } },
    },
  };
  return cached;
}
