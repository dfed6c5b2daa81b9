// JSON API for elements: /api/v1/elements.
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { createElement, deleteElement, readElement, updateElement, withoutMembersOnlyFields } from './actions.ts';
import { elementTypes } from './model.ts';
import { listVisibleElements } from './storage.ts';

export const listQuerySchema = z.object({
  type: z.enum(elementTypes).optional(),
  tag: z.string().max(40).transform((tag) => tag.toLowerCase()).optional(),
  zone: z.string().max(40).regex(/^((commune|epci|dep|region|country):)?[0-9A-Za-z]+$/, 'A zone is commune:INSEE, epci:SIREN, dep:NN, region:NN or country:FR').optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();

export function elementsApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/', (c) => {
    const query = parse(listQuerySchema, c.req.query(), c.get('locale'));
    const page = listVisibleElements(deps.db, c.get('viewer'), query, query.cursor ?? null, query.limit);
    return c.json({ items: page.items.map(withoutMembersOnlyFields), nextCursor: page.nextCursor });
  });

  api.get('/:id', (c) => {
    const element = readElement(deps, c.get('viewer'), c.req.param('id'));
    if (!element) throw notFound('Element');
    return c.json(element);
  });

  api.post('/', async (c) => {
    const element = createElement(deps, c.get('viewer'), await readJson(c), c.get('locale'));
    return c.json(element, 201);
  });

  api.patch('/:id', async (c) => {
    const input = (await readJson(c)) as Record<string, unknown>;
    const ifMatch = c.req.header('if-match')?.replace(/"/g, '');
    const withVersion = ifMatch && input && typeof input === 'object' && !('version' in input) ? { ...input, version: Number(ifMatch) } : input;
    return c.json(updateElement(deps, c.get('viewer'), c.req.param('id'), withVersion, c.get('locale')));
  });

  api.delete('/:id', (c) => {
    deleteElement(deps, c.get('viewer'), c.req.param('id'));
    return c.body(null, 204);
  });

  return api;
}
