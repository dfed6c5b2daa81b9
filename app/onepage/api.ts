// JSON API of one-page sites: GET /api/v1/onepages/:slug, what a published site shows (as anyone sees it).
import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { readSite, siteContent } from './actions.ts';

export function onepageApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/onepages/:slug', (c) => {
    const view = readSite(deps, c.get('viewer'), c.req.param('slug'));
    if (!view) throw notFound('Site');
    const { element, page } = view;
    const content = siteContent(deps, view);
    return c.json({
      slug: page.slug, url: `/p/${page.slug}`, layout: page.layout, colour: page.colour, published: page.published, sections: page.sections,
      updatedAt: page.updatedAt, preview: view.isPreview,
      element: {
        id: element.id, slug: element.slug, type: element.type, name: element.name, shortDescription: element.shortDescription,
        description: page.sections.about ? element.description : '', url: element.url, tags: element.tags,
        position: page.sections.map ? element.position : null,
      },
      news: content.news.map((post) => ({ id: post.id, createdAt: post.createdAt, html: post.html })),
      events: content.events.map((occurrence) => ({ startsAt: occurrence.startsAt, endsAt: occurrence.endsAt, allDay: occurrence.allDay, ...occurrence.event })),
      members: content.members.map((member) => ({ id: member.id, slug: member.slug, name: member.name })),
    });
  });

  return api;
}
