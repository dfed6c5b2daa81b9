// JSON API of the cooperative space: /api/v1/coop… (the coop module's gate covers every path here).
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import {
  addAmendment, castBallot, changeAction, closeProposal, createAction, createProposal, createRoom, editProposal, listSpaces, openAmendments,
  readProposal, readSpace, startVote, visibleTally, voteAmendment,
} from './actions.ts';
import type { Element } from '../elements/model.ts';

const brief = (element: Element) => ({ id: element.id, type: element.type, slug: element.slug, name: element.name });

export function coopApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/coop/spaces', (c) => {
    const { mine, others } = listSpaces(deps, c.get('viewer'));
    return c.json({ mine: mine.map(brief), others: others.map(brief) });
  });

  /** A space by element id or slug: rooms, proposals, actions, and what the viewer may do. */
  api.get('/coop/spaces/:element', (c) => {
    const view = readSpace(deps, c.get('viewer'), c.req.param('element'));
    const { element, ...rest } = view;
    return c.json({ element: brief(element), ...rest });
  });

  api.post('/coop/spaces/:element/rooms', async (c) =>
    c.json(createRoom(deps, c.get('viewer'), c.req.param('element'), await readJson(c), c.get('locale')), 201));

  api.post('/coop/spaces/:element/actions', async (c) =>
    c.json(createAction(deps, c.get('viewer'), c.req.param('element'), await readJson(c), c.get('locale')), 201));

  api.patch('/coop/actions/:id', async (c) => c.json(changeAction(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.post('/coop/proposals', async (c) => c.json(createProposal(deps, c.get('viewer'), await readJson(c), c.get('locale')), 201));

  api.get('/coop/proposals/:id', (c) => {
    const { space, ...view } = readProposal(deps, c.get('viewer'), c.req.param('id'));
    return c.json({ ...view, element: brief(space.element), isParticipant: space.isParticipant, isAdmin: space.isAdmin });
  });

  api.patch('/coop/proposals/:id', async (c) => c.json(editProposal(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.post('/coop/proposals/:id/amending', async (c) =>
    c.json(openAmendments(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.post('/coop/proposals/:id/voting', async (c) =>
    c.json(startVote(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.post('/coop/proposals/:id/close', (c) => c.json(closeProposal(deps, c.get('viewer'), c.req.param('id'))));

  api.post('/coop/proposals/:id/amendments', async (c) =>
    c.json(addAmendment(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale')), 201));

  api.put('/coop/amendments/:id/vote', async (c) =>
    c.json(voteAmendment(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  /** My ballot: cast or changed until the vote closes. */
  api.put('/coop/proposals/:id/ballot', async (c) =>
    c.json(castBallot(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  /** The counts, when the viewer may see them (live results for members, everyone once closed); never who voted what. */
  api.get('/coop/proposals/:id/tally', (c) => c.json(visibleTally(deps, c.get('viewer'), c.req.param('id'))));

  return api;
}
