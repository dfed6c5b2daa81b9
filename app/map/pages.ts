// The map of any search: the same parameters as /search, drawn with server-side clusters.
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout } from '../web/layout.ts';
import { pageContext, sendPage } from '../web/page.ts';
import { territoryBounds } from '../zones/communes.ts';
import { elementTypes } from '../elements/model.ts';

export function mapPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  pages.get('/map', (c) => {
    const ctx = pageContext(deps, c);
    const search = new URL(c.req.url).search;
    // The count line is filled in by the map script at each move: it gets the sentence with a slot.
    const view = { query: search.replace(/^\?/, ''), bounds: territoryBounds(deps.db), countText: ctx.t('map.inView', { count: '{count}' }) };
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('map.title')}
        head=${html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
          <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src="/assets/map-search.js"></script>`}>
      <h1>${ctx.t('map.title')}</h1>
      <p><a href=${`/search${search}`}>${ctx.t('map.asList')}</a></p>
      <div id="search-map" class="map map-on big" data-search-map=${JSON.stringify(view)} data-from-box=${ctx.t('further.fromBox', { box: '{box}' })} role="application" aria-label=${ctx.t('map.title')}>
        <noscript>${ctx.t('map.noScript')}</noscript>
      </div>
      <p class="map-status" id="search-map-status" aria-live="polite"></p>
      <ul class="map-legend" aria-label=${ctx.t('map.legend')}>
        ${elementTypes.map((type) => html`<li class=${`marker-${type}`}>${ctx.t(`type.${type}.plural`)}</li>`)}
      </ul>
    <//>`);
  });
  return pages;
}
