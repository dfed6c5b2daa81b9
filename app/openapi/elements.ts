// Elements (organizations, projects, events, places…) and the links between people and them.
import { z } from 'zod';
import { createElementSchema, updateElementSchema } from '../elements/model.ts';
import { listQuerySchema } from '../elements/api.ts';
import { memberChangeSchema } from '../links/api.ts';
import { id, json, queryOf, responses, tagged, textParam, uuidParam, type Paths } from './describe.ts';

const personBody = json(z.object({ personId: z.uuid() }));
const token = [textParam('token', 'The secret of an invitation link')];

export const elementsPaths = (): Paths => tagged('Elements and links', {
  '/api/v1/elements': {
    get: { summary: 'List visible elements, newest first, by cursor', parameters: queryOf(listQuerySchema), responses: responses('{ items, nextCursor }') },
    post: { summary: 'Create an element (you become its admin)', requestBody: json(createElementSchema), responses: responses('Created', '201') },
  },
  '/api/v1/elements/{id}': {
    get: { summary: 'One element', parameters: id, responses: responses('The element') },
    patch: { summary: 'Edit; send `version` (or If-Match) to detect concurrent edits', parameters: id, requestBody: json(updateElementSchema), responses: responses('Updated') },
    delete: { summary: 'Delete (tombstone)', parameters: id, responses: responses('Deleted', '204') },
  },
  '/api/v1/elements/{id}/links': { get: { summary: 'Links to the element', parameters: id, responses: responses('{ items }') } },
  '/api/v1/elements/{id}/join': { post: { summary: 'Ask to join (attend, for events)', parameters: id, responses: responses('Link', '201') } },
  '/api/v1/elements/{id}/leave': { post: { summary: 'Leave', parameters: id, responses: responses('Left', '204') } },
  '/api/v1/elements/{id}/requests/approve': { post: { summary: 'Approve a join request', parameters: id, requestBody: personBody, responses: responses('Link') } },
  '/api/v1/elements/{id}/requests/decline': { post: { summary: 'Decline a join request', parameters: id, requestBody: personBody, responses: responses('Declined', '204') } },
  '/api/v1/elements/{id}/members/{personId}': {
    patch: { summary: 'Make a member admin (or not) and set their free-text roles', parameters: [...id, uuidParam('personId')], requestBody: json(memberChangeSchema), responses: responses('Link') },
  },
  '/api/v1/elements/{id}/invitations': {
    post: { summary: 'Invite a person ({personId}) or make an invitation link ({})', parameters: id, requestBody: json(z.object({ personId: z.uuid().optional() })), responses: responses('Invitation', '201') },
  },
  '/api/v1/elements/{id}/invitations/accept': { post: { summary: 'Accept an invitation addressed to me', parameters: id, responses: responses('Link') } },
  '/api/v1/invitations/{token}': { get: { summary: 'What an invitation link leads to', parameters: token, responses: responses('Invitation') } },
  '/api/v1/invitations/{token}/accept': { post: { summary: 'Join through an invitation link', parameters: token, responses: responses('Link') } },
  '/api/v1/elements/{id}/follow': {
    post: { summary: 'Follow', parameters: id, responses: responses('Link', '201') },
    delete: { summary: 'Unfollow', parameters: id, responses: responses('Done', '204') },
  },
  '/api/v1/elements/{id}/export': { get: { summary: 'One element as JSON with its visible links', parameters: id, responses: responses('Export') } },
  '/api/v1/elements/{id}/graph': {
    get: { summary: 'The network of the element up to two hops ({ nodes, edges, truncated }), only what the viewer may see',
      parameters: [...id, { name: 'hops', in: 'query', schema: { enum: ['1', '2'], default: '2' } }], responses: responses('Graph') },
  },
});
