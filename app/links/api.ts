// JSON API for links: join, approve, invite, accept, follow, leave — under /api/v1/elements/:id/...
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse, text } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { readElement } from '../elements/actions.ts';
import { linksTo } from './storage.ts';
import { accessTo } from '../permissions/visibility.ts';
import {
  acceptInvitation, acceptInvitationLink, approveRequest, createInvitationLink, declineRequest, follow, invitePerson, leave,
  lookUpInvitation, requestToJoin, unfollow, updateMember,
} from './actions.ts';

const personSchema = z.object({ personId: z.uuid() }).strict();
export const memberChangeSchema = z.object({
  isAdmin: z.boolean().optional(),
  roles: z.array(text(40).trim().min(1)).max(10).optional(),
}).strict();

export function linksApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/elements/:id/links', (c) => {
    const element = readElement(deps, c.get('viewer'), c.req.param('id'));
    if (!element) throw notFound('Element');
    const viewer = c.get('viewer');
    // Pending requests and invitations are for the element's admins and the person concerned.
    const isAdmin = accessTo(deps.db, viewer, element.id).isAdmin;
    const links = linksTo(deps.db, element.id).filter((link) => link.status === 'active' || link.fromId === viewer?.personId || isAdmin);
    const visible = links.filter((link) => readElement(deps, viewer, link.fromId) !== null);
    return c.json({ items: visible });
  });
  api.post('/elements/:id/join', (c) => c.json(requestToJoin(deps, c.get('viewer'), c.req.param('id')), 201));
  api.post('/elements/:id/leave', (c) => {
    leave(deps, c.get('viewer'), c.req.param('id'));
    return c.body(null, 204);
  });
  api.post('/elements/:id/requests/approve', async (c) => {
    const { personId } = parse(personSchema, await readJson(c), c.get('locale'));
    return c.json(approveRequest(deps, c.get('viewer'), c.req.param('id'), personId));
  });
  api.post('/elements/:id/requests/decline', async (c) => {
    const { personId } = parse(personSchema, await readJson(c), c.get('locale'));
    declineRequest(deps, c.get('viewer'), c.req.param('id'), personId);
    return c.body(null, 204);
  });
  api.patch('/elements/:id/members/:personId', async (c) => {
    const change = parse(memberChangeSchema, await readJson(c), c.get('locale'));
    return c.json(updateMember(deps, c.get('viewer'), c.req.param('id'), c.req.param('personId'), change));
  });
  api.post('/elements/:id/invitations', async (c) => {
    const body = (await readJson(c)) as Record<string, unknown>;
    if (body && typeof body === 'object' && 'personId' in body) {
      const { personId } = parse(personSchema, body, c.get('locale'));
      return c.json(invitePerson(deps, c.get('viewer'), c.req.param('id'), personId), 201);
    }
    parse(z.object({}).strict(), body, c.get('locale'));
    const token = createInvitationLink(deps, c.get('viewer'), c.req.param('id'));
    return c.json({ token, url: `${deps.config.publicUrl}/invite/${token}` }, 201);
  });
  api.post('/elements/:id/invitations/accept', (c) => c.json(acceptInvitation(deps, c.get('viewer'), c.req.param('id'))));
  api.get('/invitations/:token', (c) => {
    const view = lookUpInvitation(deps, c.req.param('token'));
    if (!view) throw notFound('Invitation');
    return c.json({ element: { id: view.element.id, type: view.element.type, name: view.element.name, slug: view.element.slug }, expired: view.expired });
  });
  api.post('/invitations/:token/accept', (c) => c.json(acceptInvitationLink(deps, c.get('viewer'), c.req.param('token'))));
  api.post('/elements/:id/follow', (c) => c.json(follow(deps, c.get('viewer'), c.req.param('id')), 201));
  api.delete('/elements/:id/follow', (c) => {
    unfollow(deps, c.get('viewer'), c.req.param('id'));
    return c.body(null, 204);
  });

  return api;
}
