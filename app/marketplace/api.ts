// JSON API of the marketplace: /api/v1/market (behind the module's gate, app/modules/).
import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { deleteElement } from '../elements/actions.ts';
import type { Element } from '../elements/model.ts';
import { findElement } from '../elements/storage.ts';
import { mediaFileUrl, thumbnailUrl } from '../media/store.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { adPhotos, adState, closeAd, createAd, findAds, readAd, renewAd, updateAd } from './actions.ts';
import { adListQuerySchema } from './model.ts';

/** An ad as the API shows it: the element, its photos, its state; the contact the author chose, to signed-in readers. */
export function adJson(deps: Deps, viewer: Viewer | null, ad: Element) {
  const state = adState(deps, viewer, ad);
  const contact = viewer ? findElement(deps.db, ad.id)?.contact : undefined;
  return {
    ...ad, contact: contact && (contact.email || contact.phone) ? contact : undefined,
    expired: state.expired, closed: state.closed,
    photos: adPhotos(deps, ad).map((file) => ({ id: file.id, url: mediaFileUrl(file), thumbnailUrl: thumbnailUrl(file), width: file.width, height: file.height })),
  };
}

export function marketApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/market', (c) => {
    const query = parse(adListQuerySchema, c.req.query(), c.get('locale'));
    const page = findAds(deps, c.get('viewer'), query);
    return c.json({
      items: page.items.map(({ photoId, ...card }) => ({ ...card, thumbnailUrl: photoId ? thumbnailUrl({ id: photoId }) : null })),
      nextCursor: page.nextCursor,
    });
  });

  api.get('/market/:id', (c) => {
    const ad = readAd(deps, c.get('viewer'), c.req.param('id'));
    if (!ad) throw notFound('Ad');
    return c.json(adJson(deps, c.get('viewer'), ad));
  });

  api.post('/market', async (c) => {
    const ad = createAd(deps, c.get('viewer'), await readJson(c), c.get('locale'));
    return c.json(adJson(deps, c.get('viewer'), ad), 201);
  });

  api.patch('/market/:id', async (c) => {
    const ad = updateAd(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'));
    return c.json(adJson(deps, c.get('viewer'), ad));
  });

  api.delete('/market/:id', (c) => {
    const ad = readAd(deps, c.get('viewer'), c.req.param('id'));
    if (!ad) throw notFound('Ad');
    deleteElement(deps, c.get('viewer'), ad.id);
    return c.body(null, 204);
  });

  api.post('/market/:id/close', (c) => c.json(adJson(deps, c.get('viewer'), closeAd(deps, c.get('viewer'), c.req.param('id'), true))));
  api.post('/market/:id/reopen', (c) => c.json(adJson(deps, c.get('viewer'), closeAd(deps, c.get('viewer'), c.req.param('id'), false))));
  api.post('/market/:id/renew', (c) => c.json(adJson(deps, c.get('viewer'), renewAd(deps, c.get('viewer'), c.req.param('id'), c.get('locale')))));

  return api;
}
